package dev.cairn.datastore.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads values out of the blocks of a {@link BlockInput}, copying numbers straight into their arrays. */
final class BlockReader {
    private final BlockInput in;
    private ByteBuffer block;
    private boolean ended;

    BlockReader(BlockInput in) {
        this.in = in;
    }

    /** Whether the content has ended (the check of the whole blob has happened then). */
    boolean atEnd() throws IOException {
        return current() == null;
    }

    int readInt() throws IOException {
        ByteBuffer b = current();
        if (b != null && b.remaining() >= 4) {
            return b.getInt();
        }
        return read(4).getInt();
    }

    /** The next {@code n} bytes, copied (little-endian). */
    ByteBuffer read(int n) throws IOException {
        byte[] bytes = new byte[n];
        for (int done = 0; done < n; ) {
            ByteBuffer b = require();
            int k = Math.min(n - done, b.remaining());
            b.get(bytes, done, k);
            done += k;
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    void skip(long n) throws IOException {
        for (long left = n; left > 0; ) {
            ByteBuffer b = require();
            int k = (int) Math.min(left, b.remaining());
            b.position(b.position() + k);
            left -= k;
        }
    }

    /** The next {@code n} values of {@code into}'s kind into it from {@code at}. */
    void values(Object into, int at, int n) throws IOException {
        int width = ColumnKind.ofArray(into.getClass()).width;
        for (int done = 0; done < n; ) {
            ByteBuffer b = require();
            int k = Math.min(n - done, b.remaining() / width);
            ByteBuffer from;
            if (k == 0) { // a value split between two blocks: only when a block is not a multiple of its width
                from = read(width);
                k = 1;
            } else {
                from = b.slice(b.position(), k * width).order(ByteOrder.LITTLE_ENDIAN);
                b.position(b.position() + k * width);
            }
            // instanceof, not a switch on the type: the first such switch of a process costs several milliseconds
            // (its bootstrap spins up the class-file API), paid by the first artifact a step reads
            if (into instanceof double[] a) {
                from.asDoubleBuffer().get(a, at + done, k);
            } else if (into instanceof long[] a) {
                from.asLongBuffer().get(a, at + done, k);
            } else if (into instanceof int[] a) {
                from.asIntBuffer().get(a, at + done, k);
            } else if (into instanceof float[] a) {
                from.asFloatBuffer().get(a, at + done, k);
            } else {
                throw new IllegalStateException("no fixed-width column of " + into.getClass());
            }
            done += k;
        }
    }

    /** Reads to the end of the content, where the blob store checks it. */
    void drain() throws IOException {
        for (ByteBuffer b; (b = current()) != null; ) {
            b.position(b.limit());
        }
    }

    /** What is left, as a stream. */
    InputStream rest() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                ByteBuffer b = current();
                return b == null ? -1 : b.get() & 0xFF;
            }

            @Override
            public int read(byte[] into, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                ByteBuffer b = current();
                if (b == null) {
                    return -1;
                }
                int k = Math.min(len, b.remaining());
                b.get(into, off, k);
                return k;
            }
        };
    }

    private ByteBuffer require() throws IOException {
        ByteBuffer b = current();
        if (b == null) {
            throw new EOFException("the Arrow stream ends inside a message");
        }
        return b;
    }

    private ByteBuffer current() throws IOException {
        while (!ended && (block == null || !block.hasRemaining())) {
            block = in.next();
            if (block == null) {
                ended = true;
            } else {
                block.order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        return ended ? null : block;
    }
}
