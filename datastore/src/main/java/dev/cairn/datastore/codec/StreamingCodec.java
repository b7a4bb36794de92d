package dev.cairn.datastore.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Type;

/**
 * A codec that writes and reads a block at a time, for values too large to hold twice in memory: the blob store
 * hashes and stores the blocks it fills as they are filled, and hands it the blob's content as it is read and checked.
 */
public interface StreamingCodec extends ArtifactCodec {

    /** Whether this codec stores values of fields declared {@code declared} (it is chosen by the declared type). */
    boolean handles(Type declared);

    /** Whether this value, of a field declared {@code declared}, can be stored by this codec. */
    boolean canEncode(Object value, Type declared);

    void encode(Object value, Type declared, BlockOutput out) throws IOException;

    /** Reads a value as {@code type}, reading {@code in} to its end (where the blob store checks it). */
    Object decode(BlockInput in, Type type) throws IOException;

    @Override
    default byte[] encode(Object value, Type declared) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(value, declared, BlockOutput.of(out));
        return out.toByteArray();
    }

    @Override
    default Object decode(byte[] bytes, Type type) throws IOException {
        return decode(BlockInput.of(new ByteArrayInputStream(bytes)), type);
    }
}
