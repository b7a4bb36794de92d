package dev.cairn.datastore;

import dev.cairn.datastore.codec.ArrowCodec;
import dev.cairn.datastore.codec.ArtifactCodec;
import dev.cairn.datastore.codec.BlockInput;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.datastore.codec.Frozen;
import dev.cairn.datastore.codec.StreamingCodec;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Artifact values in and out of the blob store. Deeply immutable values are decoded once and
 * shared (a foreach's thousands of tasks all inherit the same list); anything else is decoded
 * afresh for each reader, so no task sees another's changes.
 */
public final class ArtifactStore {
    private static final int CACHED_VALUES = 4096;

    private final BlobStore blobs;
    private final Codecs codecs;
    private final Map<String, Frozen> decoded = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Frozen> eldest) {
            return size() > CACHED_VALUES;
        }
    };

    public ArtifactStore(BlobStore blobs, Codecs codecs) {
        this.blobs = blobs;
        this.codecs = codecs;
    }

    /**
     * Encodes and stores a value (once per distinct content).
     *
     * @param declared the field's type, recorded so readers know what to decode into
     */
    public ArtifactRef write(String name, Object value, Type declared) throws IOException {
        ArtifactCodec codec = codecs.forField(name, value, declared);
        if (codec instanceof StreamingCodec streaming) {
            BlobStore.StoredBlob blob;
            try {
                blob = blobs.putBlocks(out -> streaming.encode(value, declared, out));
            } catch (RuntimeException e) {
                throw new Codecs.UnsupportedArtifactException(
                        "artifact `" + name + "` (" + declared.getTypeName() + ") cannot be stored by codec "
                                + codec.id() + ": " + e.getMessage(),
                        e);
            }
            return new ArtifactRef(blob.sha(), codec.id(), declared.getTypeName(), blob.size(), blob.crc32c(), null);
        }
        byte[] bytes;
        try {
            bytes = codec.encode(value, declared);
        } catch (IOException | RuntimeException e) {
            throw new Codecs.UnsupportedArtifactException(
                    "artifact `" + name + "` (" + declared.getTypeName() + ") cannot be stored by codec " + codec.id()
                            + ": " + e.getMessage(),
                    e);
        }
        return ArtifactRef.of(blobs.put(bytes), codec.id(), declared.getTypeName(), bytes);
    }

    /** Reads a value as {@code type}; lists and maps come back read-only. */
    public Frozen read(ArtifactRef ref, Type type) throws IOException {
        String key = ref.sha() + "|" + type.getTypeName();
        synchronized (decoded) {
            Frozen hit = decoded.get(key);
            if (hit != null) {
                return hit;
            }
        }
        ArtifactCodec codec = codecs.byId(ref.codec());
        Object read = codec instanceof StreamingCodec streaming
                ? decodeStreamed(ref, in -> streaming.decode(in, type))
                : codec.decode(ref.inline() != null ? ref.inlineContent() : blobs.get(ref.sha(), ref.size()), type);
        Frozen value = Frozen.of(read);
        if (!fits(value.value(), type)) {
            // the field is a concrete collection (ArrayList, TreeMap...): it gets the value as decoded, unshared
            value = new Frozen(read, false);
        }
        if (value.immutable()) {
            synchronized (decoded) {
                decoded.put(key, value);
            }
        }
        return value;
    }

    /**
     * One column of a table artifact ({@link ArrowCodec#VALUES} of an array or a list) as {@code type}, an array or a
     * list, without decoding the other columns.
     *
     * @throws IllegalArgumentException when the artifact is not stored as columns (its codec is not arrow), or has
     *     no such column
     */
    public Object readColumn(ArtifactRef ref, String column, Type type) throws IOException {
        ArrowCodec arrow = arrow(ref);
        return decodeStreamed(ref, in -> arrow.decodeColumn(in, column, type));
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive, cut at the end) of an array, list or table artifact. */
    public Object readRows(ArtifactRef ref, long from, long to, Type type) throws IOException {
        ArrowCodec arrow = arrow(ref);
        return decodeStreamed(ref, in -> arrow.decodeRows(in, type, from, to));
    }

    private ArrowCodec arrow(ArtifactRef ref) {
        if (!(codecs.byId(ref.codec()) instanceof ArrowCodec arrow)) {
            throw new IllegalArgumentException("it is stored by codec " + ref.codec() + " (" + ref.type()
                    + "), not as columns (arrow): read it whole");
        }
        return arrow;
    }

    private interface StreamDecoder {
        Object decode(BlockInput in) throws IOException;
    }

    /**
     * Decodes a blob's content as it is read; reading it to its end checks it against the CRC32C its record carries,
     * or against its address when the record has none (written before CRC32Cs were recorded).
     */
    private Object decodeStreamed(ArtifactRef ref, StreamDecoder decoder) throws IOException {
        try (BlobStore.Blocks in = blobs.openBlocks(ref.sha(), ref.size(), ref.crc32c())) {
            Object value = decoder.decode(in);
            if (in.next() != null) {
                throw new IOException("blob " + ref.sha() + " holds more than its " + ref.codec() + " encoding");
            }
            return value;
        }
    }

    /** Whether a field of {@code type} can hold the read-only copy {@link Frozen} made. */
    private static boolean fits(Object frozen, Type type) {
        if (!(frozen instanceof Collection<?>) && !(frozen instanceof Map<?, ?>)) {
            return true;
        }
        Type raw = type instanceof ParameterizedType p ? p.getRawType() : type;
        return !(raw instanceof Class<?> c) || c.isInstance(frozen);
    }

    public BlobStore blobs() {
        return blobs;
    }
}
