package dev.cairn.datastore.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow IPC stream read a batch at a time into one Java array per column: only the columns and the rows asked
 * for are copied out, the rest passes by (it is still read, so the blob's content is checked: its CRC32C, or its SHA-256 against its address).
 */
final class ArrowReading {
    static final String ROWS = "cairn.rows";
    private static final int CHUNK_BYTES = 1 << 20;

    /** A column as read: its values in an array of its kind, and which are null (null when none is). */
    record Column(String name, ColumnKind kind, Object values, BitSet nulls, Map<String, String> metadata) {}

    /** What was read: the stream's metadata, the columns asked for, and how many rows they hold. */
    record Read(Map<String, String> metadata, List<Column> columns, int rows, List<String> allColumns) {
        Column column(String name) {
            return columns.stream()
                    .filter(c -> c.name.equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "no column `" + name + "`: the table's columns are " + allColumns));
        }
    }

    private ArrowReading() {}

    /**
     * @param wanted the columns to read, all when null
     * @param from   the first row to read
     * @param to     the row after the last one to read (past the end: up to the end)
     */
    static Read read(InputStream in, Set<String> wanted, long from, long to) throws IOException {
        try (BufferAllocator allocator = ArrowMemory.allocator("read");
                ArrowStreamReader reader = new ArrowStreamReader(new StreamChannel(in), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            Schema schema = root.getSchema();
            Map<String, String> metadata = schema.getCustomMetadata() == null ? Map.of() : schema.getCustomMetadata();
            String rowsText = metadata.get(ROWS);
            if (rowsText == null) {
                throw new IOException("an Arrow stream without its " + ROWS + " metadata was not written by Cairn");
            }
            long total = Long.parseLong(rowsText);
            long end = Math.min(to, total);
            long start = Math.min(Math.max(from, 0), end);
            int rows = (int) (end - start);
            List<String> names = schema.getFields().stream().map(Field::getName).toList();
            for (String name : wanted == null ? Set.<String>of() : wanted) {
                if (!names.contains(name)) {
                    throw new IllegalArgumentException("no column `" + name + "`: the table's columns are " + names);
                }
            }
            List<Field> fields = schema.getFields().stream()
                    .filter(f -> wanted == null || wanted.contains(f.getName()))
                    .toList();
            List<Object> arrays = new ArrayList<>();
            List<BitSet> nulls = new ArrayList<>();
            for (Field field : fields) {
                ColumnKind kind = kindOf(field.getType());
                if (kind == null) {
                    throw new IOException("column `" + field.getName() + "` is of Arrow type " + field.getType()
                            + ", which Cairn does not read");
                }
                arrays.add(kind.newArray(rows));
                nulls.add(new BitSet());
            }
            long batchStart = 0;
            while (reader.loadNextBatch()) {
                int n = root.getRowCount();
                long lo = Math.max(start, batchStart);
                long hi = Math.min(end, batchStart + n);
                for (int c = 0; c < fields.size() && lo < hi; c++) {
                    FieldVector vector = root.getVector(fields.get(c).getName());
                    copy(
                            vector,
                            (int) (lo - batchStart),
                            arrays.get(c),
                            (int) (lo - start),
                            (int) (hi - lo),
                            nulls.get(c));
                }
                batchStart += n;
            }
            while (in.read(new byte[8192]) >= 0) {
                // to the end of the blob, where its content is checked
            }
            List<Column> columns = new ArrayList<>();
            for (int c = 0; c < fields.size(); c++) {
                Field field = fields.get(c);
                columns.add(new Column(
                        field.getName(),
                        kindOf(field.getType()),
                        arrays.get(c),
                        nulls.get(c).isEmpty() ? null : nulls.get(c),
                        field.getMetadata()));
            }
            return new Read(metadata, columns, rows, names);
        }
    }

    private static ColumnKind kindOf(ArrowType type) {
        for (ColumnKind kind : ColumnKind.values()) {
            if (ArrowWriting.arrowType(kind).equals(type)) {
                return kind;
            }
        }
        return null;
    }

    private static void copy(FieldVector vector, int from, Object into, int at, int n, BitSet nulls) {
        if (vector.getNullCount() > 0) {
            for (int i = 0; i < n; i++) {
                if (vector.isNull(from + i)) {
                    nulls.set(at + i);
                }
            }
        }
        switch (into) {
            case double[] a -> view(vector, from, 8, n).asDoubleBuffer().get(a, at, n);
            case float[] a -> view(vector, from, 4, n).asFloatBuffer().get(a, at, n);
            case long[] a -> view(vector, from, 8, n).asLongBuffer().get(a, at, n);
            case int[] a -> view(vector, from, 4, n).asIntBuffer().get(a, at, n);
            case boolean[] a -> {
                BitVector bits = (BitVector) vector;
                for (int i = 0; i < n; i++) {
                    a[at + i] = !bits.isNull(from + i) && bits.get(from + i) == 1;
                }
            }
            case String[] a -> {
                VarCharVector strings = (VarCharVector) vector;
                for (int i = 0; i < n; i++) {
                    byte[] bytes = strings.get(from + i);
                    a[at + i] = bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
                }
            }
            default -> throw new IllegalStateException("no column of " + into.getClass());
        }
    }

    private static ByteBuffer view(FieldVector vector, int from, int width, int n) {
        return vector.getDataBuffer().nioBuffer((long) from * width, n * width).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The blob's stream as Arrow reads it, a large chunk at a time rather than the JDK adapter's 8 KB. */
    private static final class StreamChannel implements ReadableByteChannel {
        private final InputStream in;
        private final byte[] chunk = new byte[CHUNK_BYTES];
        private boolean open = true;

        StreamChannel(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!dst.hasRemaining()) {
                return 0;
            }
            int n = in.read(chunk, 0, Math.min(chunk.length, dst.remaining()));
            if (n > 0) {
                dst.put(chunk, 0, n);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false; // the blob store's stream is closed by its opener
        }
    }
}
