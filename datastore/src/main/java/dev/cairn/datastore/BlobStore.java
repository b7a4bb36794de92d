package dev.cairn.datastore;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Content-addressed blobs under {@code <prefix>/data/<sha256[0:2]>/<sha256>}, zstd-compressed, or stored as they are
 * when written as a stream ({@link #put(BlobWriter)}: Arrow files, which outside readers open directly). A blob says
 * which it is by its first bytes (a zstd frame's magic number). The address is the SHA-256 of the uncompressed bytes,
 * so equal values are stored once, across tasks and runs. Blobs are written before any record names them. Every read
 * checks the content, so a damaged blob is reported ({@link DamagedBlobException}), never returned: against its
 * address, or, for a blob written a block at a time whose record carries its CRC32C, against that CRC32C
 * ({@link #openBlocks(String, long, String)}). {@link #verify} always checks the SHA-256.
 */
public final class BlobStore {
    // Small blobs: zstd level 1, a good ratio at a cost no one notices.
    /**
     * The age past which a blob in use again is renewed ({@link ObjectStore#renew}): blobs are shared by runs, but an
     * S3 lifecycle rule expires objects by the age of their last write, which a blob that is already there does not
     * get again. Comfortably below the shortest run data expiration a datastore may have (the CDK's {@code
     * Datastore} refuses one under {@code 2 *} this).
     */
    public static final java.time.Duration RENEW_AFTER = java.time.Duration.ofDays(30);

    private static final int SMALL_LEVEL = 1;
    // Large blobs: a fast level on two threads, hashed alongside, to stay near plain file speed;
    // large artifacts are mostly numbers, which compress little at any level.
    static final int LARGE_BLOB_BYTES = 512 << 10;
    // from here on a blob is streamed to its file, never held twice in memory
    static final int STREAM_BLOB_BYTES = 8 << 20;
    private static final int LARGE_LEVEL = -5;
    private static final long ZSTD_CONTENTSIZE_UNKNOWN = -1;
    private static final int LARGE_WORKERS = 2;
    // a large blob is hashed in chunks that are still in the CPU's cache from being decompressed
    private static final int HASH_CHUNK_BYTES = 256 << 10;
    private static final Executor HASHER = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("cairn-hash-", 1).factory());

    // a zstd context costs more to create than to compress a small blob: one per thread, reused
    private static final ThreadLocal<ZstdCompressCtx> COMPRESSOR = ThreadLocal.withInitial(() -> {
        ZstdCompressCtx ctx = new ZstdCompressCtx();
        ctx.setLevel(SMALL_LEVEL);
        ctx.setChecksum(true); // the frame's own check: damage is caught while decompressing
        return ctx;
    });
    private static final ThreadLocal<ZstdCompressCtx> FAST_COMPRESSOR = ThreadLocal.withInitial(() -> {
        ZstdCompressCtx ctx = new ZstdCompressCtx();
        ctx.setLevel(LARGE_LEVEL);
        ctx.setChecksum(true);
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

    /**
     * Stores {@code content} unless an intact identical blob exists; returns its SHA-256 (hex). A blob already at
     * the address is read back and checked first: a damaged or missing one is replaced, atomically.
     */
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
        // a small blob is written whether or not it is there: one PUT costs less than the HEAD and GET that would
        // check the copy there, and it heals a damaged copy and renews an aged one all the same (a task of a
        // foreach on S3 writes its small values with one request each, not three)
        if (compressed == null || !intact(sha, content.length)) {
            store.put(
                    key(sha), compressed != null ? compressed : COMPRESSOR.get().compress(content));
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
                zstd.setChecksum(true);
                zstd.setWorkers(LARGE_WORKERS);
                zstd.write(content);
            }
            String sha = await(hashing);
            if (!known.contains(sha) && !intact(sha, content.length)) {
                staged.publish(key(sha));
            }
            known.add(sha);
            return sha;
        }
    }

    /**
     * Whether the blob at {@code sha}'s address is there and holds what its address says; an intact blob is renewed
     * when it is older than {@link #RENEW_AFTER}, since the run storing it again is a new reason to keep it.
     */
    private boolean intact(String sha, long size) throws IOException {
        Optional<Instant> written = store.lastWritten(key(sha));
        if (written.isEmpty()) {
            return false;
        }
        try {
            get(sha, size);
        } catch (DamagedBlobException | MissingBlobException e) {
            return false;
        }
        renewIfAged(sha, written.get());
        return true;
    }

    /**
     * Renews blob {@code sha} when it was written more than {@link #RENEW_AFTER} ago: for blobs a new run uses without
     * storing them (what {@code resume} reuses).
     *
     * @throws MissingBlobException when there is no such blob
     */
    public void renewIfAged(String sha) throws IOException {
        Optional<Instant> written = store.lastWritten(key(sha));
        if (written.isEmpty()) {
            known.remove(sha);
            throw new MissingBlobException(sha, store.location(), null);
        }
        renewIfAged(sha, written.get());
    }

    private void renewIfAged(String sha, Instant written) throws IOException {
        if (written.isBefore(Instant.now().minus(RENEW_AFTER))) {
            store.renew(key(sha));
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

    /**
     * The uncompressed bytes of blob {@code sha}, which holds {@code size} bytes: one copy, no resizing, hashed
     * while it is decompressed.
     *
     * @throws DamagedBlobException when its content does not hash to {@code sha} (or does not decompress)
     * @throws MissingBlobException when there is no such blob
     */
    public byte[] get(String sha, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("blob " + sha + " is " + size + " bytes: artifacts are limited to 2 GB, split it");
        }
        byte[] content;
        if (size < STREAM_BLOB_BYTES) {
            byte[] stored = read(sha);
            content = StoredBlobs.zstd(stored) ? decompress(sha, stored, (int) size) : raw(sha, stored, size);
        } else {
            content = new byte[(int) size];
            try (java.io.BufferedInputStream in = new java.io.BufferedInputStream(open(sha), 1 << 16)) {
                in.mark(4);
                boolean zstd = StoredBlobs.zstd(in.readNBytes(4));
                in.reset();
                if (zstd) {
                    decompressStreaming(sha, in, content);
                } else {
                    readRaw(sha, in, content);
                }
            }
        }
        known.add(sha);
        return content;
    }

    private void readRaw(String sha, InputStream in, byte[] content) throws IOException {
        try (InputStream verified = new VerifyingInputStream(
                in, sha, content.length, HASHER, (problem, cause) -> damaged(sha, problem, cause))) {
            int filled = verified.readNBytes(content, 0, content.length);
            if (filled == content.length) {
                verified.read(); // the end, where the check happens
            }
        }
    }

    /** A blob stored as it is: checked against its address and its record's size. */
    private byte[] raw(String sha, byte[] stored, long size) throws DamagedBlobException {
        if (size >= 0 && stored.length != size) {
            throw damaged(sha, "it holds " + stored.length + " bytes, its record says " + size, null);
        }
        check(sha, sha256(stored));
        return stored;
    }

    /**
     * Writes a blob as a stream, stored as it is (no zstd): for encodings that are compact already and that outside
     * readers should open directly (Arrow). Hashed as it is written; nothing is published when {@code writer} fails,
     * and nothing twice when an intact blob with the same content is there.
     */
    public StoredBlob put(BlobWriter writer) throws IOException {
        try (StagedObject staged = store.stage()) {
            HashingOutputStream hashing = new HashingOutputStream(staged.stream(), HASHER);
            writer.writeTo(hashing);
            hashing.flush();
            if (hashing.count() >= 4 && StoredBlobs.zstd(hashing.head())) {
                // a reader would take it for a compressed blob
                throw new IOException("a streamed blob may not start with zstd's magic number");
            }
            String sha = HexFormat.of().formatHex(hashing.digest());
            if (!known.contains(sha) && !intact(sha, hashing.count())) {
                staged.publish(key(sha));
            }
            known.add(sha);
            return new StoredBlob(sha, hashing.count(), hashing.crc32c());
        }
    }

    /**
     * Writes a blob a block at a time, stored as it is (no zstd), as {@link #put(BlobWriter)} does: the encoder fills
     * blocks that go to the file as they are, each hashed on another thread while the next one is filled. The CRC32C
     * of the same bytes comes back too, for the record to carry and reads to check.
     */
    public StoredBlob putBlocks(BlockEncoder encoder) throws IOException {
        try (StagedObject staged = store.stage();
                HashingBlockOutput blocks = new HashingBlockOutput(staged.channel(), HASHER)) {
            encoder.writeTo(blocks);
            if (blocks.count() >= 4 && StoredBlobs.zstd(blocks.head())) {
                // a reader would take it for a compressed blob
                throw new IOException("a streamed blob may not start with zstd's magic number");
            }
            String sha = HexFormat.of().formatHex(blocks.digest());
            if (!known.contains(sha) && !intact(sha, blocks.count())) {
                staged.publish(key(sha));
            }
            known.add(sha);
            return new StoredBlob(sha, blocks.count(), blocks.crc32c());
        }
    }

    /** Writes a blob's content into blocks; see {@link #putBlocks}. */
    @FunctionalInterface
    public interface BlockEncoder {
        void writeTo(dev.cairn.datastore.codec.BlockOutput out) throws IOException;
    }

    /** Writes a blob's content; see {@link #put(BlobWriter)}. */
    @FunctionalInterface
    public interface BlobWriter {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /**
     * A blob's address, its size before any compression and the CRC32C of its content (8 hex digits), which reads
     * check instead of the SHA-256 when a record carries it ({@link #openBlocks(String, long, String)}).
     */
    public record StoredBlob(String sha, long size, String crc32c) {}

    /**
     * Blob {@code sha}, which holds {@code size} bytes, as a stream of its uncompressed content, checked against its
     * address as it is read: the read that reaches its end throws {@link DamagedBlobException} when the content does
     * not hash to {@code sha} or is not {@code size} bytes long. Read it to its end.
     *
     * @throws MissingBlobException when there is no such blob
     */
    public InputStream open(String sha, long size) throws IOException {
        return new VerifyingInputStream(
                content(sha), sha, size, HASHER, (problem, cause) -> damaged(sha, problem, cause));
    }

    /**
     * Blob {@code sha}, which holds {@code size} bytes, a block at a time (see {@link #open(String, long)}): read
     * straight from its file into blocks that are hashed on another thread while the reader copies them out.
     * Reading to the end ({@code next()} gives null) checks the content against its address, as reading
     * {@link #open}'s stream does.
     *
     * @throws MissingBlobException when there is no such blob
     */
    public Blocks openBlocks(String sha, long size) throws IOException {
        return openBlocks(sha, size, null);
    }

    /**
     * Blob {@code sha} a block at a time, as {@link #openBlocks(String, long)}, checked at its end against its size
     * and {@code crc32c} (the CRC32C its record carries, 8 hex digits) instead of its SHA-256; null checks the
     * SHA-256.
     *
     * <p>Why a CRC is enough for a read: what a read must catch is storage damage (flipped bits, a truncated or
     * overwritten file), and a CRC32C catches that as well as the SHA-256 does, at the JDK's intrinsic speed (over
     * 10 GB/s against about 1.6 for SHA-256, which cost a read as much CPU as reading the file). It is no defence
     * against someone who rewrites blobs on purpose, but neither was the SHA-256 on every read: whoever can rewrite a
     * blob can rewrite the task record that names it. The address stays the SHA-256 (equal values are stored once),
     * and {@link #verify} ({@code cairn verify}, the audit) checks it in full.
     *
     * @throws MissingBlobException when there is no such blob
     */
    public Blocks openBlocks(String sha, long size, String crc32c) throws IOException {
        java.nio.channels.SeekableByteChannel file;
        try {
            file = store.openChannel(key(sha));
        } catch (NoSuchFileException e) {
            known.remove(sha);
            throw new MissingBlobException(sha, store.location(), e);
        }
        java.nio.channels.ReadableByteChannel channel = file;
        boolean raw = false;
        if (file != null) {
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(4);
            while (head.hasRemaining() && file.read(head) >= 0) {
                // the first bytes say whether it is zstd
            }
            raw = !StoredBlobs.zstd(java.util.Arrays.copyOf(head.array(), head.position()));
            file.position(0);
        }
        if (!raw) { // compressed, or not a local file: the stream tells zstd from raw and decompresses
            if (file != null) {
                file.close();
            }
            channel = java.nio.channels.Channels.newChannel(content(sha));
        }
        return new Blocks(new VerifyingBlockInput(
                channel, sha, size, crc32c, HASHER, (problem, cause) -> damaged(sha, problem, cause)));
    }

    /** A blob's content a block at a time, checked at its end; close it to give its blocks back. */
    public static final class Blocks implements dev.cairn.datastore.codec.BlockInput, java.io.Closeable {
        private final VerifyingBlockInput input;

        private Blocks(VerifyingBlockInput input) {
            this.input = input;
        }

        @Override
        public java.nio.ByteBuffer next() throws IOException {
            return input.next();
        }

        @Override
        public void close() throws IOException {
            input.close();
        }
    }

    /** Blob {@code sha}'s uncompressed content: zstd or stored as it is, told by its first bytes. */
    private InputStream content(String sha) throws IOException {
        java.io.BufferedInputStream stored = new java.io.BufferedInputStream(open(sha), 1 << 16);
        try {
            stored.mark(4);
            byte[] head = stored.readNBytes(4);
            stored.reset();
            return StoredBlobs.zstd(head) ? new ZstdInputStream(stored) : stored;
        } catch (IOException e) {
            stored.close();
            throw damaged(sha, "it does not decompress (" + e.getMessage() + ")", e);
        }
    }

    /**
     * How blob {@code sha} is stored, for readers outside Cairn: its location (a path or an s3:// URI) and whether
     * it is zstd-compressed.
     *
     * @throws MissingBlobException when there is no such blob
     */
    public StoredBlobs.Location locate(String sha) throws IOException {
        byte[] head;
        try (InputStream in = open(sha)) {
            head = in.readNBytes(4);
        }
        String root = store.location();
        return new StoredBlobs.Location(root + (root.endsWith("/") ? "" : "/") + key(sha), StoredBlobs.zstd(head));
    }

    /**
     * The uncompressed bytes of blob {@code sha}, checked against its address.
     *
     * @throws DamagedBlobException when its content does not hash to {@code sha} (or does not decompress)
     * @throws MissingBlobException when there is no such blob
     */
    public byte[] get(String sha) throws IOException {
        byte[] compressed = read(sha);
        if (!StoredBlobs.zstd(compressed)) {
            byte[] content = raw(sha, compressed, -1);
            known.add(sha);
            return content;
        }
        long size = Zstd.getFrameContentSize(compressed);
        byte[] content;
        if (size == ZSTD_CONTENTSIZE_UNKNOWN) {
            content = decompressUnsized(sha, compressed); // a streamed (large) blob read without its size
        } else if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw damaged(sha, "its zstd frame header is unreadable", null);
        } else if (size < STREAM_BLOB_BYTES) {
            content = decompress(sha, compressed, (int) size);
        } else {
            content = new byte[(int) size];
            decompressStreaming(sha, new ByteArrayInputStream(compressed), content);
        }
        known.add(sha);
        return content;
    }

    /**
     * A blob below {@link #STREAM_BLOB_BYTES} in one call, hashed afterwards on this thread: handing its chunks to
     * another thread costs more than it saves at this size (1 MB reads were slower streamed).
     */
    private byte[] decompress(String sha, byte[] compressed, int size) throws IOException {
        byte[] content = new byte[size];
        long read;
        try {
            read = DECOMPRESSOR.get().decompressByteArray(content, 0, content.length, compressed, 0, compressed.length);
        } catch (ZstdException e) {
            throw damaged(sha, "it does not decompress (" + e.getMessage() + ")", e);
        }
        if (Zstd.isError(read)) {
            throw damaged(sha, "it does not decompress (" + Zstd.getErrorName(read) + ")", null);
        }
        if (read != size) {
            throw damaged(sha, "it holds " + read + " bytes, its record says " + size, null);
        }
        check(sha, sha256(content));
        return content;
    }

    /**
     * A large blob, decompressed a chunk at a time into {@code content}; each chunk is hashed on another thread
     * while the next one is decompressed, so checking costs no second pass over the blob.
     */
    private void decompressStreaming(String sha, InputStream compressed, byte[] content) throws IOException {
        MessageDigest digest = sha256Digest();
        CompletableFuture<Void> hashed = CompletableFuture.completedFuture(null);
        int filled = 0;
        boolean longer;
        try (ZstdInputStream zstd = new ZstdInputStream(compressed)) {
            for (int n; filled < content.length; filled += n) {
                n = zstd.read(content, filled, Math.min(HASH_CHUNK_BYTES, content.length - filled));
                if (n < 0) {
                    break;
                }
                int from = filled;
                int length = n;
                hashed = hashed.thenRunAsync(() -> digest.update(content, from, length), HASHER);
            }
            longer = filled == content.length && zstd.read() >= 0;
        } catch (ZstdIOException e) {
            throw damaged(sha, "it does not decompress (" + e.getMessage() + ")", e);
        }
        awaitHash(hashed);
        if (filled != content.length || longer) {
            throw damaged(
                    sha,
                    "it holds " + (longer ? "more than " + content.length : filled) + " bytes, its record says "
                            + content.length,
                    null);
        }
        check(sha, HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * Reads blob {@code sha} through and checks it against its address, a chunk at a time, keeping none of it: for
     * checking blobs of any size without holding them ({@code cairn verify}, what {@code resume} reuses).
     *
     * @return how many bytes it holds (uncompressed)
     * @throws DamagedBlobException when its content does not hash to {@code sha} (or does not decompress)
     * @throws MissingBlobException when there is no such blob
     */
    public long verify(String sha) throws IOException {
        if (!sha.matches("[0-9a-f]{64}")) {
            throw new DamagedBlobException(sha, store.location(), "a record names it, but it is not a sha256", null);
        }
        MessageDigest digest = sha256Digest();
        byte[] chunk = new byte[HASH_CHUNK_BYTES];
        long size = 0;
        try (InputStream content = content(sha)) {
            for (int n; (n = content.read(chunk)) >= 0; size += n) {
                digest.update(chunk, 0, n);
            }
        } catch (ZstdIOException e) {
            throw damaged(sha, "it does not decompress (" + e.getMessage() + ")", e);
        }
        check(sha, HexFormat.of().formatHex(digest.digest()));
        known.add(sha);
        return size;
    }

    private byte[] decompressUnsized(String sha, byte[] compressed) throws IOException {
        MessageDigest digest = sha256Digest();
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream(compressed.length * 2);
        byte[] chunk = new byte[HASH_CHUNK_BYTES];
        try (ZstdInputStream zstd = new ZstdInputStream(new ByteArrayInputStream(compressed))) {
            for (int n; (n = zstd.read(chunk)) >= 0; ) {
                digest.update(chunk, 0, n);
                content.write(chunk, 0, n);
            }
        } catch (ZstdIOException e) {
            throw damaged(sha, "it does not decompress (" + e.getMessage() + ")", e);
        }
        check(sha, HexFormat.of().formatHex(digest.digest()));
        return content.toByteArray();
    }

    private static void awaitHash(CompletableFuture<Void> hashed) throws IOException {
        try {
            hashed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing a blob", e);
        } catch (ExecutionException e) {
            throw new IOException("hashing a blob failed", e.getCause());
        }
    }

    private void check(String sha, String actual) throws DamagedBlobException {
        if (!actual.equals(sha)) {
            throw damaged(sha, "its content hashes to " + actual + ", not to its address", null);
        }
    }

    private DamagedBlobException damaged(String sha, String problem, Throwable cause) {
        known.remove(sha);
        return new DamagedBlobException(sha, store.location(), problem, cause);
    }

    private byte[] read(String sha) throws IOException {
        try {
            return store.get(key(sha));
        } catch (NoSuchFileException e) {
            known.remove(sha);
            throw new MissingBlobException(sha, store.location(), e);
        }
    }

    private InputStream open(String sha) throws IOException {
        try {
            return store.open(key(sha));
        } catch (NoSuchFileException e) {
            known.remove(sha);
            throw new MissingBlobException(sha, store.location(), e);
        }
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
        return HexFormat.of().formatHex(sha256Digest().digest(content));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
