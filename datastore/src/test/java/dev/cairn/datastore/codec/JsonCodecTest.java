package dev.cairn.datastore.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    record Score(String country, double accuracy, List<Integer> folds) {}

    enum Kind {
        LINEAR,
        TREE
    }

    static class Opaque {
        final Thread thread = Thread.currentThread();
    }

    List<Score> scores;

    private final JsonCodec codec = new JsonCodec();

    @Test
    void recordsAndCollectionsRoundTripIntoTheDeclaredType() throws Exception {
        List<Score> value = List.of(new Score("DE", 0.91, List.of(1, 2)), new Score("FR", 0.88, List.of()));
        Type declared = JsonCodecTest.class.getDeclaredField("scores").getGenericType();
        assertEquals(value, codec.decode(codec.encode(value), declared));
    }

    @Test
    void plainDataIsEncodable() {
        assertTrue(codec.canEncode(Map.of("a", List.of(1, 2.5, "x", true), "b", Kind.TREE)));
        assertTrue(codec.canEncode(new double[][] {{1, 2}, {3}}));
        assertTrue(codec.canEncode(new Score("DE", 1, List.of())));
    }

    @Test
    void objectsThatAreNotPlainDataAreNotEncodable() {
        assertFalse(codec.canEncode(new Opaque()));
        assertFalse(codec.canEncode(List.of(new Opaque())));
    }

    @Test
    void unsupportedValueErrorNamesTheArtifactAndItsType() {
        var codecs = Codecs.discover(getClass().getClassLoader());
        var e = assertThrows(Codecs.UnsupportedArtifactException.class, () -> codecs.forValue("model", new Opaque()));
        assertTrue(e.getMessage().contains("artifact `model`"), e.getMessage());
        assertTrue(e.getMessage().contains(Opaque.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("ArtifactCodec"), e.getMessage());
    }

    @Test
    void bytesGoToTheBytesCodecUntouched() {
        var codecs = Codecs.discover(getClass().getClassLoader());
        assertInstanceOf(BytesCodec.class, codecs.forValue("blob", new byte[] {1, 2}));
    }

    @Test
    void decodingNeverInstantiatesATypeNamedInTheData() throws Exception {
        byte[] hostile = "[\"java.lang.ProcessBuilder\", {\"command\": [\"touch\", \"/tmp/pwned\"]}]".getBytes();
        Object decoded = codec.decode(hostile, Object.class);
        assertInstanceOf(List.class, decoded);
        assertInstanceOf(Map.class, ((List<?>) decoded).get(1));
    }
}
