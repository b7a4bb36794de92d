package dev.cairn.datastore;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Content-addressed, compressed blobs under {@code <prefix>/data/<sha256[0:2]>/<sha256>}.
 * The address is the SHA-256 of the uncompressed bytes, so equal values are stored once, across
 * tasks and runs. Blobs are written before any record names them.
 */
public final class BlobStore {
    // Small blobs: zstd level 1, a good ratio at a cost no one notices.
    private static final int SMALL_LEVEL = 1;
    // Large blobs: a fast level on two threads, hashed alongside, to stay near plain file speed;
    // large artifacts are mostly numbers, which compress little at any level.
    static final int LARGE_BLOB_BYTES = 512 << 10;
    // from here on a blob is streamed to its file, never held twice in memory
    static final int STREAM_BLOB_BYTES = 8 << 20;
    private static final int LARGE_LEVEL = -5;
    private static final long ZSTD_CONTENTSIZE_UNKNOWN = -1;
    private static final int LARGE_WORKERS = 2;
    private static final Executor HASHER = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("cairn-hash-", 1).factory());

    // a zstd context costs more to create than to compress a small blob: one per thread, reused
    private static final ThreadLocal<ZstdCompressCtx> COMPRESSOR = ThreadLocal.withInitial(() -> {
        ZstdCompressCtx ctx = new ZstdCompressCtx();
        ctx.setLevel(SMALL_LEVEL);
        return ctx;
    });
    private static final ThreadLocal<ZstdCompressCtx> FAST_COMPRESSOR = ThreadLocal.withInitial(() -> {
        ZstdCompressCtx ctx = new ZstdCompressCtx();
        ctx.setLevel(LARGE_LEVEL);
        return ctx;
    });
    private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESSOR = ThreadLocal.withInitial(ZstdDecompressCtx::new);

    private final ObjectStore store;
    private final String prefix;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public BlobStore(ObjectStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    /** Stores {@code content} unless an identical blob exists; returns its SHA-256 (hex). */
    public String put(byte[] content) throws IOException {
        if (content.length >= STREAM_BLOB_BYTES) {
            return putLarge(content);
        }
        String sha;
        byte[] compressed = null;
        if (content.length >= LARGE_BLOB_BYTES) {
            CompletableFuture<String> hashing = CompletableFuture.supplyAsync(() -> sha256(content), HASHER);
            compressed = FAST_COMPRESSOR.get().compress(content);
            sha = await(hashing);
        } else {
            sha = sha256(content);
        }
        if (known.contains(sha)) {
            return sha;
        }
        String key = key(sha);
        if (!store.exists(key)) {
            store.put(key, compressed != null ? compressed : COMPRESSOR.get().compress(content));
        }
        known.add(sha);
        return sha;
    }

    /**
     * Streams a large blob: compression (two threads) and the file write overlap, the hash is
     * computed alongside, and no second copy of the content is made in memory.
     */
    private String putLarge(byte[] content) throws IOException {
        CompletableFuture<String> hashing = CompletableFuture.supplyAsync(() -> sha256(content), HASHER);
        try (StagedObject staged = store.stage()) {
            try (ZstdOutputStream zstd = new ZstdOutputStream(staged.stream(), LARGE_LEVEL)) {
                zstd.setWorkers(LARGE_WORKERS);
                zstd.write(content);
            }
            String sha = await(hashing);
            if (!known.contains(sha) && !store.exists(key(sha))) {
                staged.publish(key(sha));
            }
            known.add(sha);
            return sha;
        }
    }

    private static String await(CompletableFuture<String> hashing) throws IOException {
        try {
            return hashing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing a blob", e);
        } catch (ExecutionException e) {
            throw new IOException("hashing a blob failed", e.getCause());
        }
    }

    /** The uncompressed bytes of blob {@code sha}, which holds {@code size} bytes: one copy, no resizing. */
    public byte[] get(String sha, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("blob " + sha + " is " + size + " bytes: artifacts are limited to 2 GB, split it");
        }
        byte[] compressed = store.get(key(sha));
        byte[] content = new byte[(int) size];
        long read;
        try {
            read = DECOMPRESSOR.get().decompressByteArray(content, 0, content.length, compressed, 0, compressed.length);
        } catch (com.github.luben.zstd.ZstdException e) {
            throw new IOException(
                    "blob " + sha + " in " + store.location() + " is damaged (" + e.getMessage() + ")", e);
        }
        if (Zstd.isError(read) || read != size) {
            throw new IOException("blob " + sha + " in " + store.location() + " is damaged"
                    + (Zstd.isError(read)
                            ? " (" + Zstd.getErrorName(read) + ")"
                            : ": " + read + " bytes, not " + size));
        }
        return content;
    }

    /** The uncompressed bytes of blob {@code sha}. */
    public byte[] get(String sha) throws IOException {
        byte[] compressed = store.get(key(sha));
        long size = Zstd.getFrameContentSize(compressed);
        if (size == ZSTD_CONTENTSIZE_UNKNOWN) {
            try (InputStream in = new ZstdInputStream(new java.io.ByteArrayInputStream(compressed))) {
                return in.readAllBytes(); // a streamed (large) blob read without its size
            }
        }
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IOException("blob " + sha + " in " + store.location() + " is damaged (bad zstd frame)");
        }
        return DECOMPRESSOR.get().decompress(compressed, (int) size);
    }

    public boolean exists(String sha) throws IOException {
        return known.contains(sha) || store.exists(key(sha));
    }

    String key(String sha) {
        if (!sha.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a sha256 blob address: " + sha);
        }
        return prefix + "data/" + sha.substring(0, 2) + "/" + sha;
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
