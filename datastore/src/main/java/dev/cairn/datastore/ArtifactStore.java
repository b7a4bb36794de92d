package dev.cairn.datastore;

import dev.cairn.datastore.codec.ArtifactCodec;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.datastore.codec.Frozen;
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
        ArtifactCodec codec = codecs.forValue(name, value);
        byte[] bytes;
        try {
            bytes = codec.encode(value, declared);
        } catch (IOException | RuntimeException e) {
            throw new Codecs.UnsupportedArtifactException(
                    "artifact `" + name + "` (" + declared.getTypeName() + ") cannot be stored by codec " + codec.id()
                            + ": " + e.getMessage(),
                    e);
        }
        return new ArtifactRef(blobs.put(bytes), codec.id(), declared.getTypeName(), bytes.length);
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
        Object read = codecs.byId(ref.codec()).decode(blobs.get(ref.sha(), ref.size()), type);
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
