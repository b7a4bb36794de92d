package dev.cairn.datastore;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import java.util.zip.CRC32C;

/**
 * Passes bytes on while hashing them (SHA-256, on another thread; CRC32C on this one, at the JDK's intrinsic speed),
 * counting them and keeping the first four.
 */
final class HashingOutputStream extends FilterOutputStream {
    private final ChunkHasher digest;
    private final CRC32C crc = new CRC32C();
    private final byte[] head = new byte[4];
    private long count;

    HashingOutputStream(OutputStream out, Executor hasher) {
        super(out);
        digest = new ChunkHasher(hasher);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = 0; i < len && count + i < head.length; i++) {
            head[(int) count + i] = b[off + i];
        }
        out.write(b, off, len);
        digest.update(b, off, len);
        crc.update(b, off, len);
        count += len;
    }

    long count() {
        return count;
    }

    byte[] head() {
        return head.clone();
    }

    /** The CRC32C of everything written, as 8 hex digits. */
    String crc32c() {
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    byte[] digest() {
        return digest.digest();
    }
}
