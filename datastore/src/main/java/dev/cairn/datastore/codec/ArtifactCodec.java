package dev.cairn.datastore.codec;

import java.io.IOException;
import java.lang.reflect.Type;

/**
 * Turns artifact values into bytes and back. Never Java native serialization: decoding must not
 * be able to run code named by the data. Register your own with {@code ServiceLoader}
 * ({@code META-INF/services/dev.cairn.datastore.codec.ArtifactCodec}); they are tried first.
 */
public interface ArtifactCodec {

    /** Stable name stored with each artifact, so readers pick the same codec. */
    String id();

    boolean canEncode(Object value);

    byte[] encode(Object value) throws IOException;

    /**
     * Encodes a value for a field of type {@code declared}, which is what it will be read back as. The built-in
     * JSON codec needs it to store which record of a sealed interface a value is; a codec that does not can
     * leave this to {@link #encode(Object)}.
     */
    default byte[] encode(Object value, Type declared) throws IOException {
        return encode(value);
    }

    /** @param type the type the reader wants, usually the field's declared type */
    Object decode(byte[] bytes, Type type) throws IOException;
}
