package dev.cairn.datastore;

import dev.cairn.datastore.codec.BlockInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.zip.CRC32C;

/**
 * A blob's content read into blocks straight from its channel, checked as the codec copies it out: reaching the end
 * checks the content's size and its CRC32C against the record's when the record carries one, else its SHA-256
 * against the blob's address ({@link #next()} throws the damage), so a codec that reads to the end never takes
 * damaged content for good.
 *
 * <p>The CRC32C is computed on the reading thread, as each block arrives (the JDK's intrinsic, over 10 GB/s: a
 * hand-off to another thread would cost more than it saves). The SHA-256 runs at well under 2 GB/s, so each block is
 * hashed on another thread while the codec copies it out, and filled again only once its hash is done.
 */
final class VerifyingBlockInput implements BlockInput, AutoCloseable {
    // blocks in flight: the one the codec reads and those waiting for the hashing thread
    private static final int BLOCKS = 4;

    private final ReadableByteChannel channel;
    private final String sha;
    private final long size;
    private final String crc32c;
    private final Executor hasher;
    private final VerifyingInputStream.Damage damage;
    private final MessageDigest digest;
    private final CRC32C crc;
    private final ByteBuffer[] blocks = new ByteBuffer[BLOCKS];

    @SuppressWarnings("unchecked")
    private final CompletableFuture<Void>[] hashed = new CompletableFuture[BLOCKS];

    // the last block's hash (SHA-256 only); null until then, so a CRC32C read never starts the hashing machinery
    private CompletableFuture<Void> last;
    private int current = -1;
    private long count;
    private boolean ended;

    /**
     * @param size   the content's length, or -1 when it is not known
     * @param crc32c the content's CRC32C (8 hex digits) to check instead of its SHA-256, or null to check the SHA-256
     */
    VerifyingBlockInput(
            ReadableByteChannel channel,
            String sha,
            long size,
            String crc32c,
            Executor hasher,
            VerifyingInputStream.Damage damage) {
        this.channel = channel;
        this.sha = sha;
        this.size = size;
        this.crc32c = crc32c;
        this.hasher = hasher;
        this.damage = damage;
        if (crc32c != null) {
            crc = new CRC32C();
            digest = null;
        } else {
            crc = null;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }

    @Override
    public ByteBuffer next() throws IOException {
        if (ended) {
            return null;
        }
        current = (current + 1) % BLOCKS;
        if (hashed[current] != null) {
            HashingBlockOutput.await(hashed[current]);
        }
        if (blocks[current] == null) {
            blocks[current] = BlockPool.take();
        }
        ByteBuffer block = blocks[current].clear();
        try {
            while (block.hasRemaining() && channel.read(block) >= 0) {
                // a block is filled whole (but the last), so it holds a multiple of 8 bytes as BlockInput promises
            }
        } catch (com.github.luben.zstd.ZstdIOException e) {
            throw damage.of("it does not decompress (" + e.getMessage() + ")", e);
        }
        block.flip();
        if (!block.hasRemaining()) {
            ended = true;
            check();
            return null;
        }
        count += block.remaining();
        if (size >= 0 && count > size) {
            throw damage.of("it holds more than " + size + " bytes, its record says " + size, null);
        }
        if (crc != null) {
            crc.update(block.duplicate());
        } else {
            ByteBuffer forHash = block.duplicate();
            Runnable hash = () -> digest.update(forHash);
            last = last == null ? CompletableFuture.runAsync(hash, hasher) : last.thenRunAsync(hash, hasher);
            hashed[current] = last;
        }
        return block.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    private void check() throws IOException {
        if (last != null) {
            HashingBlockOutput.await(last);
        }
        if (size >= 0 && count != size) {
            throw damage.of("it holds " + count + " bytes, its record says " + size, null);
        }
        if (crc != null) {
            String actual = HexFormat.of().toHexDigits((int) crc.getValue());
            if (!actual.equals(crc32c)) {
                throw damage.of("its content's CRC32C is " + actual + ", its record says " + crc32c, null);
            }
            return;
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha)) {
            throw damage.of("its content hashes to " + actual + ", not to its address", null);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (last != null) {
                last.handle((ok, failed) -> null).join();
            }
            for (int i = 0; i < BLOCKS; i++) {
                if (blocks[i] != null) {
                    BlockPool.give(blocks[i]);
                    blocks[i] = null;
                }
            }
        }
    }
}
