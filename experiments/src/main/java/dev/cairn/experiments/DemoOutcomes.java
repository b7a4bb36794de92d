package dev.cairn.experiments;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Made-up outcomes for the units of an exposure log, to try {@code cairn experiment report} before real outcomes
 * exist: each unit converts (1) or not (0) at its variant's rate. By default the variants, in name order, convert at
 * 10%, 12%, 14%, ...: the last one is better. A unit's outcome depends on the seed and the unit alone, so the same
 * exposures give the same file.
 *
 * <pre>{@code
 * Map<String, Integer> outcomes = DemoOutcomes.simulate(exposures, DemoOutcomes.defaultRates(exposures), 1);
 * DemoOutcomes.writeCsv(outcomes, Path.of("outcomes.csv"));
 * }</pre>
 */
public final class DemoOutcomes {
    static final double FIRST_RATE = 0.10;
    static final double RATE_STEP = 0.02;

    private DemoOutcomes() {}

    /** 10% for the first variant in name order, 2 points more for each next one. */
    public static Map<String, Double> defaultRates(Exposures exposures) {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String variant : new TreeSet<>(exposures.variantOfUnit().values())) {
            rates.put(variant, FIRST_RATE + RATE_STEP * rates.size());
        }
        return rates;
    }

    /**
     * One outcome per unit exposed to a single variant (units seen in two variants are left out, as the report leaves
     * them out), in the exposures' order.
     *
     * @throws IllegalArgumentException naming a variant without a rate, or a rate outside [0, 1]
     */
    public static Map<String, Integer> simulate(Exposures exposures, Map<String, Double> rateOfVariant, long seed) {
        rateOfVariant.forEach((variant, rate) -> {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(
                        "the rate of variant " + variant + " is " + rate + ": give a number from 0 to 1");
            }
        });
        Map<String, Integer> valueOfUnit = new LinkedHashMap<>();
        exposures.variantOfUnit().forEach((unit, variant) -> {
            Double rate = rateOfVariant.get(variant);
            if (rate == null) {
                throw new IllegalArgumentException("the exposures have variant " + variant + ", which has no rate"
                        + " (rates given: " + rateOfVariant.keySet() + "): give one for every variant");
            }
            // seeded per unit, not in sequence: a unit's outcome does not depend on which units came before it
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ unit.hashCode());
            valueOfUnit.put(unit, random.nextDouble() < rate ? 1 : 0);
        });
        return valueOfUnit;
    }

    /** Writes {@code unit,value} CSV, the format {@link OutcomeReader} reads (units quoted where CSV needs it). */
    public static void writeCsv(Map<String, Integer> valueOfUnit, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("unit,value\n");
            for (Map.Entry<String, Integer> e : valueOfUnit.entrySet()) {
                out.write(csvField(e.getKey()) + "," + e.getValue() + "\n");
            }
        }
    }

    private static String csvField(String text) {
        boolean quote = List.of(",", "\"", "\n", "\r").stream().anyMatch(text::contains);
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
