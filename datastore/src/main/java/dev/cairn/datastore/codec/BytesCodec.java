package dev.cairn.datastore.codec;

import java.lang.reflect.Type;

/** {@code byte[]} stored as is: model files, images, anything already encoded. */
public final class BytesCodec implements ArtifactCodec {
    public static final String ID = "bytes";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean canEncode(Object value) {
        return value instanceof byte[];
    }

    @Override
    public byte[] encode(Object value) {
        return (byte[]) value;
    }

    @Override
    public Object decode(byte[] bytes, Type type) {
        return bytes;
    }
}
