package dev.cairn.examples.countrymodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class HyperParametersTest {

    @Test
    void gridIsDeterministicWithNDistinctSettings() {
        for (int n : new int[] {1, 2, 10, HyperParameters.naturalGridSize(), 100, 500}) {
            List<HyperParameters> grid = HyperParameters.grid(n);
            assertEquals(n, grid.size(), "n=" + n);
            assertEquals(n, new HashSet<>(grid).size(), "distinct, n=" + n);
            assertEquals(grid, HyperParameters.grid(n), "deterministic, n=" + n);
        }
        assertEquals(List.of(), HyperParameters.grid(0));
        assertThrows(IllegalArgumentException.class, () -> HyperParameters.grid(-1));
    }

    @Test
    void smallerGridIsPrefixOfLargerAndSmallGridsAreDiverse() {
        List<HyperParameters> big = HyperParameters.grid(300);
        assertEquals(HyperParameters.grid(12), big.subList(0, 12));
        assertEquals(HyperParameters.grid(150), big.subList(0, 150));
        List<HyperParameters> small = HyperParameters.grid(12);
        assertTrue(small.stream().map(HyperParameters::learningRate).distinct().count() >= 3);
        assertTrue(small.stream().map(HyperParameters::l2).distinct().count() >= 2);
        assertTrue(small.stream().map(HyperParameters::epochs).distinct().count() >= 2);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new HyperParameters(0, 0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new HyperParameters(Double.NaN, 0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new HyperParameters(0.1, -1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new HyperParameters(0.1, 0, -1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new HyperParameters(0.1, 0, 0, 0, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> new HyperParameters(0.1, 0, 0, HyperParameters.MAX_EPOCHS + 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new HyperParameters(0.1, 0, 0, 1, 0));
    }

    @Test
    void jsonRoundTrip() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (HyperParameters hp : HyperParameters.grid(120)) {
            assertEquals(hp, mapper.readValue(mapper.writeValueAsString(hp), HyperParameters.class));
        }
    }
}
