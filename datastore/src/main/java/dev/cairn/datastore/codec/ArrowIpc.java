package dev.cairn.datastore.codec;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.Endianness;
import org.apache.arrow.flatbuf.Field;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.FloatingPoint;
import org.apache.arrow.flatbuf.Int;
import org.apache.arrow.flatbuf.KeyValue;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.flatbuf.Schema;

/**
 * The messages of an Arrow IPC stream (https://arrow.apache.org/docs/format/Columnar.html#ipc-streaming-format) built
 * straight from the flatbuffer schema, call for call as Arrow Java's {@code MessageSerializer} builds them, so the
 * bytes are the ones its {@code ArrowStreamWriter} writes (ArrowIpcTest compares them) without loading its vectors,
 * allocator and type objects.
 */
final class ArrowIpc {
    /** Starts every message (a 0xFFFFFFFF int) since Arrow 0.15. */
    static final int CONTINUATION = -1;

    private ArrowIpc() {}

    /** The schema message of nullable columns of fixed-width kinds. */
    static ByteBuffer schema(List<ArrowWriting.Column> columns, Map<String, String> metadata) {
        FlatBufferBuilder builder = new FlatBufferBuilder();
        int[] fields = new int[columns.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = field(builder, columns.get(i));
        }
        int fieldsOffset = Schema.createFieldsVector(builder, fields);
        int metadataOffset = Field.createCustomMetadataVector(builder, keyValues(builder, metadata));
        Schema.startSchema(builder);
        Schema.addEndianness(builder, Endianness.Little);
        Schema.addFields(builder, fieldsOffset);
        Schema.addCustomMetadata(builder, metadataOffset);
        return message(builder, MessageHeader.Schema, Schema.endSchema(builder), 0);
    }

    private static int field(FlatBufferBuilder builder, ArrowWriting.Column column) {
        ColumnKind kind = column.kind();
        int name = builder.createString(column.name());
        int type;
        if (kind.typeId == org.apache.arrow.flatbuf.Type.FloatingPoint) {
            FloatingPoint.startFloatingPoint(builder);
            FloatingPoint.addPrecision(builder, (short) kind.size);
            type = FloatingPoint.endFloatingPoint(builder);
        } else if (kind.typeId == org.apache.arrow.flatbuf.Type.Int) {
            Int.startInt(builder);
            Int.addBitWidth(builder, kind.size);
            Int.addIsSigned(builder, true);
            type = Int.endInt(builder);
        } else {
            throw new IllegalArgumentException("column `" + column.name() + "` is not of fixed width: " + kind);
        }
        int children = Field.createChildrenVector(builder, new int[0]);
        int metadata = Field.createCustomMetadataVector(builder, keyValues(builder, column.metadata()));
        Field.startField(builder);
        Field.addName(builder, name);
        Field.addNullable(builder, true);
        Field.addTypeType(builder, kind.typeId);
        Field.addType(builder, type);
        Field.addChildren(builder, children);
        Field.addCustomMetadata(builder, metadata);
        return Field.endField(builder);
    }

    // in the order Arrow Java keeps metadata: a HashMap copy of it
    private static int[] keyValues(FlatBufferBuilder builder, Map<String, String> metadata) {
        Map<String, String> copy = new HashMap<>(metadata);
        int[] offsets = new int[copy.size()];
        int i = 0;
        for (Map.Entry<String, String> entry : copy.entrySet()) {
            int key = builder.createString(entry.getKey());
            int value = builder.createString(entry.getValue());
            KeyValue.startKeyValue(builder);
            KeyValue.addKey(builder, key);
            KeyValue.addValue(builder, value);
            offsets[i++] = KeyValue.endKeyValue(builder);
        }
        return offsets;
    }

    /**
     * A record batch's message.
     *
     * @param nodes   per column its row count and null count
     * @param buffers per buffer its offset in the body and its length
     */
    static ByteBuffer recordBatch(long rows, long[][] nodes, long[][] buffers, long bodyLength) {
        FlatBufferBuilder builder = new FlatBufferBuilder();
        RecordBatch.startNodesVector(builder, nodes.length);
        for (int i = nodes.length - 1; i >= 0; i--) { // a vector of structs is built back to front
            FieldNode.createFieldNode(builder, nodes[i][0], nodes[i][1]);
        }
        int nodesOffset = builder.endVector();
        RecordBatch.startBuffersVector(builder, buffers.length);
        for (int i = buffers.length - 1; i >= 0; i--) {
            Buffer.createBuffer(builder, buffers[i][0], buffers[i][1]);
        }
        int buffersOffset = builder.endVector();
        RecordBatch.startRecordBatch(builder);
        RecordBatch.addLength(builder, rows);
        RecordBatch.addNodes(builder, nodesOffset);
        RecordBatch.addBuffers(builder, buffersOffset);
        return message(builder, MessageHeader.RecordBatch, RecordBatch.endRecordBatch(builder), bodyLength);
    }

    private static ByteBuffer message(FlatBufferBuilder builder, byte type, int header, long bodyLength) {
        Message.startMessage(builder);
        Message.addHeaderType(builder, type);
        Message.addHeader(builder, header);
        Message.addVersion(builder, MetadataVersion.V5);
        Message.addBodyLength(builder, bodyLength);
        builder.finish(Message.endMessage(builder));
        return builder.dataBuffer();
    }

    /** A message's prefix and metadata, padded so that what follows starts at a multiple of 8. */
    static void write(BlockWriter out, ByteBuffer message) throws IOException {
        int length = message.remaining();
        length += (8 - (length + 8) % 8) % 8;
        out.writeInt(CONTINUATION);
        out.writeInt(length);
        out.write(message);
        out.align();
    }

    /** The end of the stream: a message of length 0. */
    static void end(BlockWriter out) throws IOException {
        out.writeInt(CONTINUATION);
        out.writeInt(0);
    }

    static long alignTo8(long n) {
        return (n + 7) & ~7L;
    }
}
