package dev.cairn.datastore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * SHA-256 of bytes that pass by, computed on another thread: what passes is copied into one of two chunks, and a
 * full chunk is hashed while the next one fills, so a streamed blob's hash costs its writer or reader a copy rather
 * than the hash itself.
 */
final class ChunkHasher {
    private static final int CHUNK_BYTES = 1 << 20;

    private final MessageDigest digest;
    private final Executor hasher;
    private final byte[][] chunks = new byte[2][];

    @SuppressWarnings("unchecked")
    private final CompletableFuture<Void>[] hashed =
            new CompletableFuture[] {CompletableFuture.completedFuture(null), CompletableFuture.completedFuture(null)};

    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    private int current;
    private int filled;

    ChunkHasher(Executor hasher) {
        this.hasher = hasher;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    void update(byte[] b, int off, int len) {
        while (len > 0) {
            if (chunks[current] == null) {
                chunks[current] = new byte[CHUNK_BYTES];
            }
            int n = Math.min(len, CHUNK_BYTES - filled);
            System.arraycopy(b, off, chunks[current], filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == CHUNK_BYTES) {
                submit();
            }
        }
    }

    /** The hash of everything passed to {@link #update}; waits for the hashing thread. */
    byte[] digest() {
        submit();
        try {
            last.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("hashing a blob failed", e.getCause());
        }
        return digest.digest();
    }

    private void submit() {
        if (filled == 0) {
            return;
        }
        byte[] chunk = chunks[current];
        int length = filled;
        last = last.thenRunAsync(() -> digest.update(chunk, 0, length), hasher);
        hashed[current] = last;
        current = 1 - current;
        filled = 0;
        hashed[current].join(); // the chunk about to be filled again has been hashed
    }
}
