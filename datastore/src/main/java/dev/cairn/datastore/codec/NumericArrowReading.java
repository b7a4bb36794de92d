package dev.cairn.datastore.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.flatbuf.Field;
import org.apache.arrow.flatbuf.FloatingPoint;
import org.apache.arrow.flatbuf.Int;
import org.apache.arrow.flatbuf.KeyValue;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.flatbuf.Schema;
import org.apache.arrow.flatbuf.Type;

/**
 * An Arrow IPC stream whose wanted columns are numbers, read straight from the blob's blocks into one Java array per
 * column: the flatbuffer metadata says where each buffer lies in a batch's body, and the bytes of the rows asked for
 * are copied into place; the rest passes by, still read, so the blob's content is checked. Any other
 * stream (strings or booleans wanted, types Cairn does not write) goes to Arrow's own reader ({@link ArrowReading}).
 */
final class NumericArrowReading {
    private NumericArrowReading() {}

    /** A column of the stream: its kind (null when Cairn reads no such type) and how many buffers it has. */
    private record Ipc(String name, ColumnKind kind, int buffers, Map<String, String> metadata) {}

    /**
     * @param wanted the columns to read, all when null
     * @param from   the first row to read
     * @param to     the row after the last one to read (past the end: up to the end)
     */
    static ArrowReading.Read read(BlockInput input, Set<String> wanted, long from, long to) throws IOException {
        BlockReader in = new BlockReader(input);
        int first = in.readInt();
        int length = first == ArrowIpc.CONTINUATION ? in.readInt() : first;
        ByteBuffer metadata = in.read(length);
        Message message = Message.getRootAsMessage(metadata.duplicate().order(ByteOrder.LITTLE_ENDIAN));
        if (message.headerType() != MessageHeader.Schema) {
            throw new IOException("an Arrow stream starts with its schema; this one starts with a message of type "
                    + MessageHeader.name(message.headerType()));
        }
        Schema schema = (Schema) message.header(new Schema());
        List<Ipc> fields = new ArrayList<>();
        boolean numeric = true;
        for (int f = 0; f < schema.fieldsLength(); f++) {
            Ipc field = field(schema.fields(f));
            fields.add(field);
            boolean isWanted = wanted == null || wanted.contains(field.name);
            numeric &= field.buffers > 0 && (!isWanted || field.kind != null && field.kind.fixedWidth());
        }
        if (!numeric) {
            ByteBuffer head = ByteBuffer.allocate(8 + length).order(ByteOrder.LITTLE_ENDIAN);
            head.putInt(first);
            if (first == ArrowIpc.CONTINUATION) {
                head.putInt(length);
            }
            head.put(metadata.rewind());
            ByteArrayInputStream replay = new ByteArrayInputStream(head.array(), 0, head.position());
            return ArrowReading.read(new SequenceInputStream(replay, in.rest()), wanted, from, to);
        }
        Map<String, String> custom = keyValues(schema.customMetadataLength(), i -> schema.customMetadata(i));
        String rowsText = custom.get(ArrowReading.ROWS);
        if (rowsText == null) {
            throw new IOException(
                    "an Arrow stream without its " + ArrowReading.ROWS + " metadata was not written by Cairn");
        }
        List<String> names = fields.stream().map(Ipc::name).toList();
        for (String name : wanted == null ? Set.<String>of() : wanted) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("no column `" + name + "`: the table's columns are " + names);
            }
        }
        long end = Math.min(to, Long.parseLong(rowsText));
        long start = Math.min(Math.max(from, 0), end);
        int rows = (int) (end - start);
        Object[] arrays = new Object[fields.size()];
        BitSet[] nulls = new BitSet[fields.size()];
        for (int f = 0; f < fields.size(); f++) {
            if (wanted == null || wanted.contains(fields.get(f).name)) {
                arrays[f] = fields.get(f).kind.newArray(rows);
                nulls[f] = new BitSet();
            }
        }
        long batchStart = 0;
        while (!in.atEnd()) {
            int prefix = in.readInt();
            int size = prefix == ArrowIpc.CONTINUATION ? in.readInt() : prefix;
            if (size == 0) {
                break; // the end-of-stream marker
            }
            Message batch = Message.getRootAsMessage(in.read(size));
            if (batch.headerType() != MessageHeader.RecordBatch) {
                throw new IOException("an Arrow stream with a message of type " + MessageHeader.name(batch.headerType())
                        + " after its schema: Cairn writes record batches only");
            }
            RecordBatch record = (RecordBatch) batch.header(new RecordBatch());
            if (record.compression() != null) {
                throw new IOException("an Arrow stream with compressed buffers: Cairn writes them uncompressed");
            }
            long n = record.length();
            long lo = Math.max(start, batchStart);
            long hi = Math.min(end, batchStart + n);
            long at = 0; // where in the body the reader is
            int buffer = 0;
            for (int f = 0; f < fields.size(); f++) {
                Ipc field = fields.get(f);
                if (arrays[f] != null && lo < hi) {
                    long nullCount = record.nodes(f).nullCount();
                    org.apache.arrow.flatbuf.Buffer validity = record.buffers(buffer);
                    if (nullCount > 0) {
                        seek(in, at, validity.offset());
                        ByteBuffer bits = in.read((int) validity.length());
                        at = validity.offset() + validity.length();
                        for (long r = lo; r < hi; r++) {
                            long i = r - batchStart;
                            if ((bits.get((int) (i >> 3)) & (1 << (i & 7))) == 0) {
                                nulls[f].set((int) (r - start));
                            }
                        }
                    }
                    org.apache.arrow.flatbuf.Buffer data = record.buffers(buffer + 1);
                    long width = field.kind.width;
                    seek(in, at, data.offset() + (lo - batchStart) * width);
                    in.values(arrays[f], (int) (lo - start), (int) (hi - lo));
                    at = data.offset() + (hi - batchStart) * width;
                }
                buffer += field.buffers;
            }
            seek(in, at, batch.bodyLength());
            batchStart += n;
        }
        in.drain();
        List<ArrowReading.Column> columns = new ArrayList<>();
        for (int f = 0; f < fields.size(); f++) {
            if (arrays[f] != null) {
                Ipc field = fields.get(f);
                columns.add(new ArrowReading.Column(
                        field.name, field.kind, arrays[f], nulls[f].isEmpty() ? null : nulls[f], field.metadata));
            }
        }
        return new ArrowReading.Read(custom, columns, rows, names);
    }

    /** Skips from {@code at} to {@code target} in a batch's body, whose buffers Arrow writes in order. */
    private static void seek(BlockReader in, long at, long target) throws IOException {
        if (target < at) {
            throw new IOException("an Arrow batch whose buffers overlap or are out of order (at byte " + at
                    + " of its body, the next starts at " + target + "): not written by Cairn or Arrow");
        }
        in.skip(target - at);
    }

    private static Ipc field(Field field) {
        Map<String, String> metadata = keyValues(field.customMetadataLength(), field::customMetadata);
        if (field.childrenLength() > 0 || field.dictionary() != null) {
            return new Ipc(field.name(), null, 0, metadata);
        }
        ColumnKind kind = switch (field.typeType()) {
            case Type.FloatingPoint -> {
                FloatingPoint type = (FloatingPoint) field.type(new FloatingPoint());
                yield ColumnKind.ofIpc(Type.FloatingPoint, type.precision(), true);
            }
            case Type.Int -> {
                Int type = (Int) field.type(new Int());
                yield ColumnKind.ofIpc(Type.Int, type.bitWidth(), type.isSigned());
            }
            case Type.Bool -> ColumnKind.BOOLEAN;
            case Type.Utf8 -> ColumnKind.STRING;
            default -> null;
        };
        int buffers = kind == ColumnKind.STRING ? 3 : kind == null ? 0 : 2; // validity, (offsets,) values
        return new Ipc(field.name(), kind, buffers, metadata);
    }

    private static Map<String, String> keyValues(int count, java.util.function.IntFunction<KeyValue> entry) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            map.put(entry.apply(i).key(), entry.apply(i).value());
        }
        return map;
    }
}
