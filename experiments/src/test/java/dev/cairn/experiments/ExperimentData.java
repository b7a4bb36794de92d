package dev.cairn.experiments;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Seeded experiments with a known truth, and the files the router and an outcomes job would write for them. */
public final class ExperimentData {
    public static final Instant START = Instant.parse("2026-11-26T09:00:00Z");

    /** A router config (contracts.md) whose experiment churn-ab weighs v2 0.52 and v1 0.48, in that order. */
    public static final String ROUTER_CONFIG = """
            {"models": {
               "price": {"endpoint": "cairn-demo-price", "variants": ["a"], "default": "a"},
               "churn": {"endpoint": "cairn-demo-churn", "variants": ["v1", "v2", "v3"], "default": "v1",
                 "experiment": {"name": "churn-ab", "salt": "churn-ab-1", "coverage": 1.0,
                                "variants": [{"name": "v2", "weight": 0.52}, {"name": "v1", "weight": 0.48}]},
                 "shadow": {"variant": "v3", "share": 0.1}}}}
            """;

    /** Units, the variant each was assigned, and each converter's outcome (1); non-converters have no outcome row. */
    public record Simulated(Map<String, String> variantOfUnit, Map<String, Double> valueOfUnit) {}

    private ExperimentData() {}

    /** {@code units} units assigned uniformly at random to the variants (taken in name order), converting at each variant's true rate. */
    public static Simulated conversions(long seed, int units, Map<String, Double> rateOfVariant) {
        Random random = new Random(seed);
        List<String> variants = new ArrayList<>(new TreeMap<>(rateOfVariant).keySet());
        Map<String, String> variantOfUnit = new LinkedHashMap<>();
        Map<String, Double> valueOfUnit = new LinkedHashMap<>();
        for (int i = 0; i < units; i++) {
            String unit = "u-" + i;
            String variant = variants.get(random.nextInt(variants.size()));
            variantOfUnit.put(unit, variant);
            if (random.nextDouble() < rateOfVariant.get(variant)) {
                valueOfUnit.put(unit, 1.0);
            }
        }
        return new Simulated(variantOfUnit, valueOfUnit);
    }

    /** Exactly {@code counts} units per variant (u-0, u-1, ... in variant name order), none with an outcome. */
    public static Map<String, String> counts(Map<String, Integer> counts) {
        Map<String, String> variantOfUnit = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Integer> variant : new TreeMap<>(counts).entrySet()) {
            for (int k = 0; k < variant.getValue(); k++) {
                variantOfUnit.put("u-" + i++, variant.getKey());
            }
        }
        return variantOfUnit;
    }

    /** One exposure event as the router logs it, one second after the previous one. */
    public static String event(String experiment, String unit, String variant, int second, String configVersion) {
        return "{\"experiment\": \"" + experiment + "\", \"model\": \"churn\", \"variant\": \"" + variant
                + "\", \"unit\": \"" + unit
                + "\", \"bucket\": " + Math.floorMod(unit.hashCode(), 10_000) + ", \"time\": \""
                + START.plusSeconds(second)
                + "\", \"latencyMs\": 12.5, \"status\": 200, \"configVersion\": \"" + configVersion
                + "\", \"shadow\": false}";
    }

    /** Every unit's exposure, in the router's local layout {@code <dir>/experiment=<name>/date=2026-11-26/exposures-...jsonl}. */
    public static Path writeExposures(Path dir, String experiment, Map<String, String> variantOfUnit)
            throws IOException {
        Path file = dir.resolve("experiment=" + experiment)
                .resolve("date=2026-11-26")
                .resolve("exposures-1764147600000-42.jsonl");
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file)) {
            int second = 0;
            for (Map.Entry<String, String> e : variantOfUnit.entrySet()) {
                out.write(event(experiment, e.getKey(), e.getValue(), second++, "0123456789abcdef") + "\n");
            }
        }
        return file;
    }

    public static Path writeOutcomesCsv(Path file, Map<String, Double> valueOfUnit) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("unit,value\n");
            for (Map.Entry<String, Double> e : valueOfUnit.entrySet()) {
                out.write(e.getKey() + "," + e.getValue() + "\n");
            }
        }
        return file;
    }
}
