package dev.cairn.datastore.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The codecs a runtime knows: those registered through {@code ServiceLoader} first, then
 * {@code bytes} and {@code json}.
 */
public final class Codecs {
    private final List<ArtifactCodec> codecs;

    public Codecs(List<ArtifactCodec> codecs) {
        this.codecs = List.copyOf(codecs);
    }

    /** Registered codecs (from the class loader of the flow) plus the built-in ones. */
    public static Codecs discover(ClassLoader loader) {
        List<ArtifactCodec> all = new ArrayList<>();
        ServiceLoader.load(ArtifactCodec.class, loader).forEach(all::add);
        all.add(new ArrowCodec());
        all.add(new BytesCodec());
        all.add(new JsonCodec());
        return new Codecs(all);
    }

    /**
     * The first codec that can encode {@code value}.
     *
     * @throws UnsupportedArtifactException naming the artifact and its type
     */
    public ArtifactCodec forValue(String artifact, Object value) {
        for (ArtifactCodec codec : codecs) {
            if (codec.canEncode(value)) {
                return codec;
            }
        }
        throw new UnsupportedArtifactException(
                "artifact `" + artifact + "` holds a " + value.getClass().getName()
                        + ", which no codec stores: use plain data (records, lists, maps, strings, numbers, byte[]),"
                        + " or register an ArtifactCodec for that type");
    }

    /**
     * The codec for a field declared {@code declared} holding {@code value}: a registered codec that can encode the
     * value, else a streaming codec (Arrow) for the declared type when it can store this value, else the first codec
     * that can encode it.
     *
     * @throws UnsupportedArtifactException naming the artifact and its type
     */
    public ArtifactCodec forField(String artifact, Object value, java.lang.reflect.Type declared) {
        for (ArtifactCodec codec : codecs) {
            if (codec instanceof StreamingCodec streaming) {
                if (streaming.handles(declared) && streaming.canEncode(value, declared)) {
                    return codec;
                }
            } else if (codec.canEncode(value)) {
                return codec;
            }
        }
        return forValue(artifact, value);
    }

    public ArtifactCodec byId(String id) {
        return codecs.stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new UnsupportedArtifactException(
                        "no codec `" + id + "` is registered here: add the jar that provides it to the classpath"));
    }

    /** An artifact value that cannot be stored or read with the codecs at hand. */
    public static final class UnsupportedArtifactException extends RuntimeException {
        public UnsupportedArtifactException(String message) {
            super(message);
        }

        public UnsupportedArtifactException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
