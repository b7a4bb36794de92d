package dev.cairn.datastore.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes values into the blocks of a {@link BlockOutput}, handing each on when it is full. */
final class BlockWriter {
    private final BlockOutput out;
    private ByteBuffer block;
    private long written;

    BlockWriter(BlockOutput out) {
        this.out = out;
    }

    /** Bytes written so far. */
    long position() {
        return written;
    }

    void writeInt(int value) throws IOException {
        room(4);
        block.putInt(value);
        written += 4;
    }

    void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            room(1);
            int n = Math.min(bytes.remaining(), block.remaining());
            block.put(block.position(), bytes, bytes.position(), n);
            block.position(block.position() + n);
            bytes.position(bytes.position() + n);
            written += n;
        }
    }

    void write(byte[] bytes, int from, int n) throws IOException {
        write(ByteBuffer.wrap(bytes, from, n));
    }

    void zeros(long n) throws IOException {
        for (long left = n; left > 0; ) {
            room(1);
            int k = (int) Math.min(left, block.remaining());
            for (int i = 0; i < k; i++) {
                block.put((byte) 0);
            }
            left -= k;
            written += k;
        }
    }

    /** Zeros up to the next multiple of 8, as Arrow aligns its messages and buffers. */
    void align() throws IOException {
        zeros((8 - written % 8) % 8);
    }

    /** {@code n} values of a primitive array from {@code from}, little-endian, at a multiple of their width. */
    void values(Object array, int from, int n) throws IOException {
        int width = ColumnKind.ofArray(array.getClass()).width;
        for (int done = 0; done < n; ) {
            room(width);
            int k = Math.min(n - done, block.remaining() / width);
            put(block.slice(block.position(), k * width).order(ByteOrder.LITTLE_ENDIAN), array, from + done, k);
            block.position(block.position() + k * width);
            written += (long) k * width;
            done += k;
        }
    }

    /** Hands the last block on. */
    void finish() throws IOException {
        if (block != null && block.position() > 0) {
            out.write(block);
        }
        block = null;
    }

    private static void put(ByteBuffer into, Object array, int from, int n) {
        switch (array) {
            case double[] a -> into.asDoubleBuffer().put(a, from, n);
            case float[] a -> into.asFloatBuffer().put(a, from, n);
            case long[] a -> into.asLongBuffer().put(a, from, n);
            case int[] a -> into.asIntBuffer().put(a, from, n);
            default -> throw new IllegalStateException("no fixed-width column of " + array.getClass());
        }
    }

    /**
     * A block with at least {@code bytes} free, or a fresh one (the full one handed on). Everything Arrow writes is
     * aligned to its width and a block's capacity is a multiple of 8, so a value never straddles two blocks.
     */
    private void room(int bytes) throws IOException {
        if (block != null && block.remaining() >= bytes) {
            return;
        }
        if (block != null) {
            if (block.hasRemaining()) {
                throw new IllegalStateException(
                        bytes + " bytes written at " + written + ", not a multiple of their width");
            }
            out.write(block);
        }
        block = out.block();
    }
}
