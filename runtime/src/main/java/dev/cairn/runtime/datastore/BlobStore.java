package dev.cairn.runtime.datastore;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Content-addressed, compressed blobs under {@code <prefix>/data/<sha256[0:2]>/<sha256>}.
 * The address is the SHA-256 of the uncompressed bytes, so equal values are stored once, across
 * tasks and runs. Blobs are written before any record names them.
 */
public final class BlobStore {
    // zstd level 1: compresses faster than a disk writes and passes incompressible data at memory speed
    private static final int ZSTD_LEVEL = 1;

    private final ObjectStore store;
    private final String prefix;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public BlobStore(ObjectStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    /** Stores {@code content} unless an identical blob exists; returns its SHA-256 (hex). */
    public String put(byte[] content) throws IOException {
        String sha = sha256(content);
        if (known.contains(sha)) {
            return sha;
        }
        String key = key(sha);
        if (!store.exists(key)) {
            store.put(key, Zstd.compress(content, ZSTD_LEVEL));
        }
        known.add(sha);
        return sha;
    }

    /** The uncompressed bytes of blob {@code sha}. */
    public byte[] get(String sha) throws IOException {
        byte[] compressed = store.get(key(sha));
        long size = Zstd.getFrameContentSize(compressed);
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IOException("blob " + sha + " in " + store.location() + " is damaged (bad zstd frame)");
        }
        return Zstd.decompress(compressed, (int) size);
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
