package dev.cairn.datastore.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What a streaming codec reads: the blob's content a block at a time, each valid until the next is asked for. The
 * blob store checks the content (the CRC32C its record carries, or its SHA-256 against its address) while the codec
 * copies a block out, and reports damage when the end is reached: a codec reads to the end ({@code null}).
 */
public interface BlockInput {

    /**
     * The next block of content, from its position to its limit (little-endian); every block but the last holds a
     * multiple of 8 bytes. Null at the end.
     */
    ByteBuffer next() throws IOException;

    /** The blocks of a stream (tests, values decoded from memory). */
    static BlockInput of(InputStream in) {
        ByteBuffer block = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        return () -> {
            int n = in.readNBytes(block.array(), 0, block.capacity());
            return n == 0 ? null : block.clear().limit(n);
        };
    }
}
