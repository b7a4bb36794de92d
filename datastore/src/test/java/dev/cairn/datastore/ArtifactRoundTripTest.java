package dev.cairn.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.codec.Codecs;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a step stores is what the next one reads: the same type, equal, for every type validation lets through. */
class ArtifactRoundTripTest {
    sealed interface Shape permits Circle, Square {}

    record Circle(double radius) implements Shape {}

    record Square(double side) implements Shape {}

    record Summary(String country, Instant when, Optional<LocalDate> cutoff, Shape best) {}

    // fields whose declared types the tests write and read as
    Shape shape;
    List<Shape> shapes;
    Summary summary;
    Optional<Summary> maybe;
    Map<String, Object> metrics;
    List<List<Object>> rows;
    ArrayList<String> mutable;
    ConcurrentMap<String, Integer> counts;

    @TempDir
    java.nio.file.Path root;

    private ArtifactStore store;

    @BeforeEach
    void setUp() throws java.io.IOException {
        store = new ArtifactStore(
                new BlobStore(new LocalObjectStore(root), "p/b/F/"),
                Codecs.discover(getClass().getClassLoader()));
    }

    private static Type typeOf(String field) throws NoSuchFieldException {
        return ArtifactRoundTripTest.class.getDeclaredField(field).getGenericType();
    }

    private Object roundTrip(String field, Object value) throws Exception {
        Type type = typeOf(field);
        return store.read(store.write(field, value, type), type).value();
    }

    @Test
    void aSealedInterfaceOfRecordsComesBackAsTheRecordItWas() throws Exception {
        assertEquals(new Square(2), roundTrip("shape", new Square(2)));
        List<Shape> shapes = List.of(new Circle(1), new Square(2));
        assertEquals(shapes, roundTrip("shapes", shapes));
    }

    @Test
    void storedDataNamesTheRecordByItsSimpleNameOnly() throws Exception {
        ArtifactRef ref = store.write("shape", new Circle(1), typeOf("shape"));
        String json = new String(store.blobs().get(ref.sha()), StandardCharsets.UTF_8);
        assertEquals("{\"@type\":\"Circle\",\"radius\":1.0}", json);
    }

    @Test
    void recordsHoldingJavaTimeOptionalAndSealedValuesComeBackEqual() throws Exception {
        Summary summary = new Summary(
                "DE", Instant.parse("2026-12-04T10:15:30.5Z"), Optional.of(LocalDate.of(2026, 1, 31)), new Circle(3));
        assertEquals(summary, roundTrip("summary", summary));
        Summary empty = new Summary("FR", Instant.EPOCH, Optional.empty(), new Square(1));
        assertEquals(Optional.of(empty), roundTrip("maybe", Optional.of(empty)));
        assertEquals(Optional.empty(), roundTrip("maybe", Optional.empty()));
    }

    @Test
    void aRecordWhereTheTypeSaysObjectIsRefusedNamingTheArtifactAndWhere() {
        Map<String, Object> metrics = Map.of("auc", 0.9, "best", new Circle(1));
        Codecs.UnsupportedArtifactException e =
                assertThrows(Codecs.UnsupportedArtifactException.class, () -> roundTrip("metrics", metrics));
        assertTrue(e.getMessage().startsWith("artifact `metrics`"), e.getMessage());
        assertTrue(e.getMessage().contains("record " + Circle.class.getName() + " at [\"best\"]"), e.getMessage());
        assertTrue(e.getMessage().contains("read back as a Map"), e.getMessage());
    }

    @Test
    void untypedJsonWhereTheTypeSaysObjectIsKept() throws Exception {
        Map<String, Object> metrics =
                Map.of("auc", 0.9, "folds", List.of(1, 2), "name", "x", "nested", Map.of("k", true));
        assertEquals(metrics, roundTrip("metrics", metrics));
        List<List<Object>> rows = List.of(List.of("DE", 3, 0.5), List.of("FR", 4, 0.25));
        assertEquals(rows, roundTrip("rows", rows));
    }

    @Test
    void aConcreteCollectionFieldGetsItsOwnTypeBack() throws Exception {
        assertInstanceOf(ArrayList.class, roundTrip("mutable", new ArrayList<>(List.of("a", "b"))));
        Object counts = roundTrip("counts", new ConcurrentHashMap<>(Map.of("a", 1)));
        assertInstanceOf(ConcurrentMap.class, counts);
        assertEquals(Map.of("a", 1), counts);
    }

    @Test
    void listsDeclaredAsListAreStillSharedReadOnly() throws Exception {
        Type type = typeOf("shapes");
        ArtifactRef ref = store.write("shapes", List.of(new Circle(1)), type);
        assertTrue(store.read(ref, type).immutable());
        assertFalse(
                store.read(store.write("mutable", new ArrayList<>(List.of("a")), typeOf("mutable")), typeOf("mutable"))
                        .immutable());
    }
}
