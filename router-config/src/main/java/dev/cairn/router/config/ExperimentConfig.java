package dev.cairn.router.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One experiment: a salt (GrowthBook's seed), the exposure (coverage) fraction 0..1, and the
 * variants in order with their weights. The order matters: variants own contiguous bucket ranges
 * by cumulative weight, so keep the order stable when changing weights.
 */
public record ExperimentConfig(String name, String salt, double coverage, List<Variant> variants) {

    /** Tolerance on the sum of the weights. */
    public static final double WEIGHT_SUM_TOLERANCE = 1e-6;

    /** An arm of the experiment. */
    public record Variant(String name, double weight) {}

    public ExperimentConfig {
        variants = variants == null ? null : List.copyOf(variants);
        List<String> problems = problems(name, salt, coverage, variants);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid experiment"
                    + (name == null || name.isBlank() ? "" : " '" + name + "'") + ": " + String.join("; ", problems));
        }
    }

    /** Every problem of a would-be config, each naming its field; empty when it is valid. */
    static List<String> problems(String name, String salt, double coverage, List<Variant> variants) {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add("name must not be blank");
        }
        if (salt == null || salt.isEmpty()) {
            problems.add("salt must not be empty");
        }
        if (!(coverage >= 0 && coverage <= 1)) {
            problems.add("coverage must be between 0 and 1, was " + coverage);
        }
        if (variants == null || variants.isEmpty()) {
            problems.add("variants must have at least 1 variant");
            return problems;
        }
        Set<String> seen = new HashSet<>();
        double sum = 0;
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            String field = "variants[" + i + "]";
            if (v == null) {
                problems.add(field + " must not be null");
                continue;
            }
            if (v.name() == null || v.name().isBlank()) {
                problems.add(field + ".name must not be blank");
            } else if (!seen.add(v.name())) {
                problems.add(field + ".name '" + v.name() + "' is not unique");
            }
            if (!(v.weight() >= 0 && v.weight() <= 1)) {
                problems.add(field + ".weight must be between 0 and 1, was " + v.weight());
            }
            sum += v.weight();
        }
        if (!(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE)) {
            problems.add("variants[*].weight must sum to 1 (within " + WEIGHT_SUM_TOLERANCE + "), sum was " + sum);
        }
        return problems;
    }

    /** This config with another coverage (ramping exposure). */
    public ExperimentConfig withCoverage(double newCoverage) {
        return new ExperimentConfig(name, salt, newCoverage, variants);
    }

    /** This config with other weights, in variant order. */
    public ExperimentConfig withWeights(double... weights) {
        if (weights.length != variants.size()) {
            throw new IllegalArgumentException(
                    "variants: " + weights.length + " weights given for " + variants.size() + " variants");
        }
        List<Variant> vs = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            vs.add(new Variant(variants.get(i).name(), weights[i]));
        }
        return new ExperimentConfig(name, salt, coverage, vs);
    }
}
