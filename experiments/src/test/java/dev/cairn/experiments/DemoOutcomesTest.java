package dev.cairn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoOutcomesTest {
    @TempDir
    Path dir;

    private Exposures exposures(Map<String, String> variantOfUnit) throws IOException {
        ExperimentData.writeExposures(dir.resolve("exposures"), "churn", variantOfUnit);
        return ExposureReader.read(InputFiles.of(dir.resolve("exposures").toString(), null, Map.of()), "churn");
    }

    @Test
    void byDefaultTheVariantsConvertAtTenPercentAndTwoPointsMoreEachInNameOrder() throws IOException {
        Exposures read = exposures(ExperimentData.counts(Map.of("v2", 1, "v1", 1, "v3", 1)));
        Map<String, Double> rates = DemoOutcomes.defaultRates(read);
        assertEquals(java.util.List.of("v1", "v2", "v3"), java.util.List.copyOf(rates.keySet()));
        assertEquals(0.10, rates.get("v1"), 1e-9);
        assertEquals(0.12, rates.get("v2"), 1e-9);
        assertEquals(0.14, rates.get("v3"), 1e-9);
    }

    @Test
    void everyUnitGetsAnOutcomeAtItsVariantsRate() throws IOException {
        Exposures read = exposures(ExperimentData.counts(Map.of("v1", 10_000, "v2", 10_000)));
        Map<String, Integer> outcomes = DemoOutcomes.simulate(read, Map.of("v1", 0.10, "v2", 0.15), 1);
        assertEquals(read.variantOfUnit().keySet(), outcomes.keySet());
        Map<String, int[]> converted = new LinkedHashMap<>();
        outcomes.forEach((unit, value) ->
                converted.computeIfAbsent(read.variantOfUnit().get(unit), v -> new int[1])[0] += value);
        // 10,000 units: a standard error of 0.3-0.4 points, so 1.5 points is more than 4 of them
        assertEquals(0.10, converted.get("v1")[0] / 10_000.0, 0.015);
        assertEquals(0.15, converted.get("v2")[0] / 10_000.0, 0.015);
    }

    @Test
    void aUnitsOutcomeDependsOnTheSeedAndTheUnitOnly() throws IOException {
        Exposures read = exposures(ExperimentData.counts(Map.of("v1", 500)));
        Map<String, Integer> once = DemoOutcomes.simulate(read, Map.of("v1", 0.5), 7);
        assertEquals(once, DemoOutcomes.simulate(read, Map.of("v1", 0.5), 7));
        assertTrue(!once.equals(DemoOutcomes.simulate(read, Map.of("v1", 0.5), 8)), "another seed, other outcomes");
    }

    @Test
    void aVariantWithoutARateIsRefusedNamingIt() throws IOException {
        Exposures read = exposures(ExperimentData.counts(Map.of("v1", 1, "v2", 1)));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DemoOutcomes.simulate(read, Map.of("v1", 0.1), 1));
        assertTrue(e.getMessage().contains("variant v2, which has no rate"), e.getMessage());
    }

    @Test
    void theWrittenFileReadsBackAsTheOutcomes() throws IOException {
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        outcomes.put("u-1", 1);
        outcomes.put("user, \"quoted\"", 0);
        Path file = dir.resolve("out/outcomes.csv");
        DemoOutcomes.writeCsv(outcomes, file);
        Outcomes read = OutcomeReader.read(InputFiles.of(file.toString(), null, Map.of()));
        assertEquals(Map.of("u-1", 1.0, "user, \"quoted\"", 0.0), read.valueOfUnit());
    }
}
