package dev.cairn.datastore.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Columns written as one Arrow IPC stream, a batch of rows at a time: whatever the value's size, the codec holds one
 * batch (about {@value #BATCH_BYTES} bytes) besides it.
 */
final class ArrowWriting {
    static final int BATCH_BYTES = 8 << 20;
    private static final int CHUNK_BYTES = 1 << 20;

    /**
     * One column to write.
     *
     * @param data a primitive array of the kind, or a list of its boxed elements (nulls allowed)
     */
    record Column(String name, ColumnKind kind, Object data, Map<String, String> metadata) {}

    private ArrowWriting() {}

    static void write(List<Column> columns, int rows, Map<String, String> metadata, OutputStream out)
            throws IOException {
        int rowBytes = columns.stream().mapToInt(c -> width(c.kind)).sum();
        int batchRows = (int) Math.max(1, Math.min(rows, BATCH_BYTES / Math.max(1, rowBytes)));
        List<Field> fields = new ArrayList<>();
        for (Column c : columns) {
            fields.add(new Field(c.name, new FieldType(true, arrowType(c.kind), null, c.metadata), null));
        }
        try (BufferAllocator allocator = ArrowMemory.allocator("write")) {
            List<FieldVector> vectors = new ArrayList<>();
            try {
                for (Field field : fields) {
                    FieldVector vector = field.createVector(allocator);
                    vector.setInitialCapacity(batchRows);
                    vector.allocateNew();
                    vectors.add(vector);
                }
                try (VectorSchemaRoot root = new VectorSchemaRoot(new Schema(fields, metadata), vectors, 0);
                        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, new StreamChannel(out))) {
                    writer.start();
                    for (int from = 0; from < rows; from += batchRows) {
                        int n = Math.min(batchRows, rows - from);
                        for (int c = 0; c < columns.size(); c++) {
                            fill(vectors.get(c), columns.get(c), from, n);
                        }
                        root.setRowCount(n);
                        writer.writeBatch();
                    }
                    writer.end();
                }
            } finally {
                vectors.forEach(FieldVector::close);
            }
        }
    }

    static ArrowType arrowType(ColumnKind kind) {
        return switch (kind) {
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case LONG -> new ArrowType.Int(64, true);
            case INT -> new ArrowType.Int(32, true);
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case STRING -> ArrowType.Utf8.INSTANCE;
        };
    }

    private static int width(ColumnKind kind) {
        return switch (kind) {
            case DOUBLE, LONG -> 8;
            case FLOAT, INT -> 4;
            case BOOLEAN -> 1;
            case STRING -> 32;
        };
    }

    private static void fill(FieldVector vector, Column column, int from, int n) {
        vector.reset();
        Object data = column.data instanceof ColumnList<?> list && !list.hasNulls() ? list.values() : column.data;
        if (data.getClass().isArray() && column.kind != ColumnKind.STRING) {
            bulk(vector, data, from, n);
        } else {
            List<?> values = data instanceof List<?> l ? l : java.util.Arrays.asList((Object[]) data);
            boxed(vector, values, from, n);
        }
        vector.setValueCount(n);
    }

    /** Boxed values one at a time, nulls marked: one loop per kind, so the kind is not asked again per value. */
    private static void boxed(FieldVector vector, List<?> values, int from, int n) {
        switch (vector) {
            case Float8Vector d -> {
                for (int i = 0; i < n; i++) {
                    if (values.get(from + i) instanceof Double v) {
                        d.set(i, v);
                    } else {
                        d.setNull(i);
                    }
                }
            }
            case Float4Vector f -> {
                for (int i = 0; i < n; i++) {
                    if (values.get(from + i) instanceof Float v) {
                        f.set(i, v);
                    } else {
                        f.setNull(i);
                    }
                }
            }
            case BigIntVector l -> {
                for (int i = 0; i < n; i++) {
                    if (values.get(from + i) instanceof Long v) {
                        l.set(i, v);
                    } else {
                        l.setNull(i);
                    }
                }
            }
            case IntVector in -> {
                for (int i = 0; i < n; i++) {
                    if (values.get(from + i) instanceof Integer v) {
                        in.set(i, v);
                    } else {
                        in.setNull(i);
                    }
                }
            }
            case BitVector b -> {
                for (int i = 0; i < n; i++) {
                    if (values.get(from + i) instanceof Boolean v) {
                        b.setSafe(i, v ? 1 : 0);
                    } else {
                        b.setNull(i);
                    }
                }
            }
            case VarCharVector s -> {
                for (int i = 0; i < n; i++) {
                    if (values.get(from + i) instanceof String v) {
                        s.setSafe(i, v.getBytes(StandardCharsets.UTF_8));
                    } else {
                        s.setNull(i);
                    }
                }
            }
            default -> throw new IllegalStateException("no column of " + vector.getClass());
        }
    }

    /** A primitive array's rows copied in one go into the vector's data buffer, all valid. */
    private static void bulk(FieldVector vector, Object array, int from, int n) {
        if (array instanceof boolean[] a) {
            BitVector bits = (BitVector) vector;
            for (int i = 0; i < n; i++) {
                bits.set(i, a[from + i] ? 1 : 0);
            }
            return;
        }
        ArrowBuf data = vector.getDataBuffer();
        switch (array) {
            case double[] a -> view(data, n * 8L).asDoubleBuffer().put(a, from, n);
            case float[] a -> view(data, n * 4L).asFloatBuffer().put(a, from, n);
            case long[] a -> view(data, n * 8L).asLongBuffer().put(a, from, n);
            case int[] a -> view(data, n * 4L).asIntBuffer().put(a, from, n);
            default -> throw new IllegalStateException("no column of " + array.getClass());
        }
        vector.getValidityBuffer().setOne(0L, (n + 7) / 8);
    }

    private static ByteBuffer view(ArrowBuf buffer, long bytes) {
        return buffer.nioBuffer(0, (int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Arrow's buffers into the blob's stream, through one reused chunk (a direct buffer has no array to hand on). */
    private static final class StreamChannel implements WritableByteChannel {
        private final OutputStream out;
        private final byte[] chunk = new byte[CHUNK_BYTES];
        private boolean open = true;

        StreamChannel(OutputStream out) {
            this.out = out;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int written = src.remaining();
            if (src.hasArray()) {
                out.write(src.array(), src.arrayOffset() + src.position(), written);
                src.position(src.limit());
                return written;
            }
            while (src.hasRemaining()) {
                int n = Math.min(chunk.length, src.remaining());
                src.get(chunk, 0, n);
                out.write(chunk, 0, n);
            }
            return written;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            open = false;
            out.flush();
        }
    }
}
