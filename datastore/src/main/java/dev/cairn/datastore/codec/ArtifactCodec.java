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

    /** @param type the type the reader wants, usually the field's declared type */
    Object decode(byte[] bytes, Type type) throws IOException;
}
