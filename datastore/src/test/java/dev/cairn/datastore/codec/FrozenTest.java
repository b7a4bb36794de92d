package dev.cairn.datastore.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrozenTest {
    record Point(double x, String label) {}

    record Holder(double[] values) {}

    @Test
    void listsAndMapsOfScalarsBecomeReadOnlyAndImmutable() {
        Frozen frozen = Frozen.of(new ArrayList<>(List.of(1, 2, 3)));
        assertTrue(frozen.immutable());
        @SuppressWarnings("unchecked")
        List<Integer> list = (List<Integer>) frozen.value();
        assertThrows(UnsupportedOperationException.class, () -> list.add(4));
        Frozen map = Frozen.of(new HashMap<>(Map.of("a", List.of(1))));
        assertTrue(map.immutable());
        assertEquals(Map.of("a", List.of(1)), map.value());
    }

    @Test
    void recordsOfScalarsAreImmutable() {
        assertTrue(Frozen.of(new Point(1, "a")).immutable());
        assertTrue(Frozen.of(List.of(new Point(1, "a"))).immutable());
    }

    @Test
    void arraysAndRecordsHoldingArraysAreNot() {
        assertFalse(Frozen.of(new double[] {1}).immutable());
        assertFalse(Frozen.of(new Holder(new double[] {1})).immutable());
        assertFalse(Frozen.of(List.of(new Holder(new double[] {1}))).immutable());
    }
}
