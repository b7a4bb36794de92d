package dev.cairn.cdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An A/B experiment between production variants, as the router runs it: units hash with the
 * {@code salt} into 10,000 buckets, {@code coverage} of them take part, and the variants own bucket
 * ranges by cumulative weight (keep their order when changing weights). {@code previous} records the
 * config this one replaced, so the report can flag the change.
 *
 * <pre>{@code
 * Experiment.builder("churn-ab", "churn-ab-1").weight("v1", 0.5).weight("v2", 0.5).build();
 * }</pre>
 *
 * @param weights empty means "the production variants with their endpoint weights"
 */
public record Experiment(String name, String salt, double coverage, List<Weight> weights, Experiment previous) {
    /** Names the router accepts (they name the exposure partition). */
    public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

    /** A variant's share of the experiment's units, 0..1. */
    public record Weight(String variant, double weight) {}

    public Experiment {
        weights = List.copyOf(weights);
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("experiment name must be 1..128 letters, digits, '.', '_' or '-' "
                    + "(it names the exposure partition), got " + name);
        }
        if (salt == null || salt.isEmpty()) {
            throw new IllegalArgumentException(
                    "experiment " + name + ": salt must not be empty (a new salt reshuffles units)");
        }
        if (!(coverage >= 0 && coverage <= 1)) {
            throw new IllegalArgumentException("experiment " + name + ": coverage must be 0..1, got " + coverage);
        }
        if (previous != null && previous.previous() != null) {
            throw new IllegalArgumentException("experiment " + name + ": only one previous config is kept; drop the "
                    + "previous config's own previous");
        }
    }

    public static Builder builder(String name, String salt) {
        return new Builder(name, salt);
    }

    /** This experiment with its weights, defaulting to {@code endpointWeights} when it names none. */
    Experiment withDefaultWeights(Map<String, Double> endpointWeights) {
        if (!weights.isEmpty()) {
            return this;
        }
        List<Weight> w = new ArrayList<>();
        endpointWeights.forEach((v, x) -> w.add(new Weight(v, x)));
        return new Experiment(
                name, salt, coverage, w, previous == null ? null : previous.withDefaultWeights(endpointWeights));
    }

    /** The experiment in the router config's shape. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("salt", salt);
        json.put("coverage", coverage);
        json.put(
                "variants",
                weights.stream()
                        .map(w -> {
                            Map<String, Object> v = new LinkedHashMap<>();
                            v.put("name", w.variant());
                            v.put("weight", w.weight());
                            return v;
                        })
                        .toList());
        if (previous != null) {
            json.put("previous", previous.toJson());
        }
        return json;
    }

    /** Defaults: coverage 1, weights from the endpoint, no previous config. */
    public static final class Builder {
        private final String name;
        private final String salt;
        private double coverage = 1;
        private final List<Weight> weights = new ArrayList<>();
        private Experiment previous;

        private Builder(String name, String salt) {
            this.name = name;
            this.salt = salt;
        }

        public Builder coverage(double v) {
            coverage = v;
            return this;
        }

        public Builder weight(String variant, double weight) {
            weights.add(new Weight(variant, weight));
            return this;
        }

        public Builder previous(Experiment v) {
            previous = v;
            return this;
        }

        public Experiment build() {
            return new Experiment(name, salt, coverage, weights, previous);
        }
    }
}
