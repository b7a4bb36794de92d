package dev.cairn.datastore.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where a streaming codec writes: blocks lent by the sink, filled and handed back whole. The blob store hashes a
 * block on another thread while the codec fills the next one, and writes it to the file straight from the block, so
 * the bytes are copied once on their way from the value to the disk, as a plain file's are.
 */
public interface BlockOutput {

    /** An empty block to fill: little-endian, position 0, its capacity a multiple of 8. */
    ByteBuffer block() throws IOException;

    /** Writes bytes 0 to the position of {@code block}, which goes back to the sink. */
    void write(ByteBuffer block) throws IOException;

    /** Blocks written to a stream (tests, values encoded in memory). */
    static BlockOutput of(OutputStream out) {
        ByteBuffer block = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        return new BlockOutput() {
            @Override
            public ByteBuffer block() {
                return block.clear();
            }

            @Override
            public void write(ByteBuffer filled) throws IOException {
                out.write(filled.array(), filled.arrayOffset(), filled.position());
            }
        };
    }
}
