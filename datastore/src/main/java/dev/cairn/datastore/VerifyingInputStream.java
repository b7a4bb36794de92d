package dev.cairn.datastore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.concurrent.Executor;

/**
 * A blob's content as it is read, hashed on the way: reaching its end checks the content against the blob's address
 * and size, so a reader that reads to the end never takes damaged content for good. Hashed on another thread
 * ({@link ChunkHasher}) while the reader decodes.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final ChunkHasher digest;
    private final String sha;
    private final long size;
    private final Damage damage;
    private long count;
    private boolean checked;

    /** Makes the exception for a damaged blob, naming the problem. */
    @FunctionalInterface
    interface Damage {
        IOException of(String problem, Throwable cause);
    }

    /** @param size the content's length, or -1 when it is not known */
    VerifyingInputStream(InputStream in, String sha, long size, Executor hasher, Damage damage) {
        super(in);
        this.sha = sha;
        this.size = size;
        this.damage = damage;
        this.digest = new ChunkHasher(hasher);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = in.read(b, off, len);
        } catch (com.github.luben.zstd.ZstdIOException e) {
            throw damage.of("it does not decompress (" + e.getMessage() + ")", e);
        }
        if (n < 0) {
            check();
            return -1;
        }
        digest.update(b, off, n);
        count += n;
        if (size >= 0 && count > size) {
            throw damage.of("it holds more than " + size + " bytes, its record says " + size, null);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] skipped = new byte[(int) Math.min(n, 1 << 16)];
        int read = read(skipped, 0, skipped.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        if (size >= 0 && count != size) {
            throw damage.of("it holds " + count + " bytes, its record says " + size, null);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha)) {
            throw damage.of("its content hashes to " + actual + ", not to its address", null);
        }
    }
}
