package dev.cairn.datastore;

import dev.cairn.datastore.codec.BlockOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.zip.CRC32C;

/**
 * Blocks written to a channel as they are handed back, each hashed (SHA-256) on another thread meanwhile: the codec
 * fills the next block while the last ones are hashed, so writing a blob costs about what the slower of the two does,
 * and no byte is copied for the hash. A block is lent again only once its hash is done. The CRC32C that reads check
 * ({@link VerifyingBlockInput}) is computed here on the writing thread, while the block is still in the CPU's cache:
 * at the JDK's intrinsic speed (over 10 GB/s) handing it to another thread would cost more than it does.
 */
final class HashingBlockOutput implements BlockOutput, AutoCloseable {
    // blocks in flight: the one being filled and those waiting for the hashing thread
    private static final int BLOCKS = 4;

    private final WritableByteChannel channel;
    private final Executor hasher;
    private final MessageDigest digest;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer[] blocks = new ByteBuffer[BLOCKS];

    @SuppressWarnings("unchecked")
    private final CompletableFuture<Void>[] hashed = new CompletableFuture[BLOCKS];

    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    private final byte[] head = new byte[4];
    private int current;
    private long count;

    HashingBlockOutput(WritableByteChannel channel, Executor hasher) {
        this.channel = channel;
        this.hasher = hasher;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public ByteBuffer block() throws IOException {
        if (hashed[current] != null) {
            await(hashed[current]);
        }
        if (blocks[current] == null) {
            blocks[current] = BlockPool.take();
        }
        return blocks[current].clear();
    }

    @Override
    public void write(ByteBuffer block) throws IOException {
        if (block != blocks[current]) {
            throw new IllegalStateException("a block is handed back once, the one lent last");
        }
        ByteBuffer content = block.duplicate().flip();
        for (int i = 0; count + i < head.length && i < content.limit(); i++) {
            head[(int) count + i] = content.get(i);
        }
        ByteBuffer forHash = content.duplicate();
        last = last.thenRunAsync(() -> digest.update(forHash), hasher);
        crc.update(content.duplicate());
        hashed[current] = last;
        count += content.remaining();
        while (content.hasRemaining()) {
            channel.write(content);
        }
        current = (current + 1) % BLOCKS;
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

    /** The SHA-256 of everything written; waits for the hashing thread. */
    byte[] digest() throws IOException {
        await(last);
        return digest.digest();
    }

    /** Gives the blocks back once no hash reads them any more. */
    @Override
    public void close() {
        last.handle((ok, failed) -> null).join();
        for (int i = 0; i < BLOCKS; i++) {
            if (blocks[i] != null) {
                BlockPool.give(blocks[i]);
                blocks[i] = null;
            }
        }
    }

    static void await(CompletableFuture<Void> hashing) throws IOException {
        try {
            hashing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing a blob", e);
        } catch (ExecutionException e) {
            throw new IOException("hashing a blob failed", e.getCause());
        }
    }
}
