package dev.cairn.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.statistics.descriptive.DoubleStatistics;
import org.apache.commons.statistics.descriptive.Statistic;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

/**
 * Compares an experiment's variants: pure, units and outcomes in, per-variant results out.
 *
 * <p>Variants are reported in the order of {@link Options#weights} when given (the experiment config's order),
 * otherwise alphabetically, since exposure logs carry no config order and the order of first appearance
 * depends on which file is read first. The control is {@link Options#control}, else the first of the weights: never
 * one picked from the exposures alone, where one stray line of an unknown variant would become the control.
 * Lift intervals use the delta method for the ratio of two means.
 *
 * <pre>{@code
 * ExperimentResult result = ExperimentAnalysis.analyze(exposures.variantOfUnit(), outcomes.valueOfUnit(),
 *         new ExperimentAnalysis.Options("v1", Map.of(), null));
 * }</pre>
 */
public final class ExperimentAnalysis {
    public static final double CONFIDENCE = 0.95;
    /** Sample-ratio mismatch threshold: strict, because the check runs on every report and a false alarm costs trust. */
    public static final double SRM_ALPHA = 0.001;

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);
    private static final double Z = STANDARD_NORMAL.inverseSurvivalProbability((1 - CONFIDENCE) / 2);

    /**
     * @param control the variant the others are compared with, or null for the first of {@code weights}
     * @param weights the variants' assignment weights in config order (any scale: 1/1 = 0.5/0.5), or empty for equal weights
     * @param metric the metric's kind, or null to detect it: conversion when every outcome of an exposed unit is 0 or 1
     */
    public record Options(String control, Map<String, Double> weights, Metric metric) {
        public Options {
            weights = weights == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
            weights.forEach((variant, weight) -> {
                if (!(weight > 0) || !Double.isFinite(weight)) {
                    throw new IllegalArgumentException(
                            "weight of variant " + variant + " must be a positive number, got " + weight);
                }
            });
        }

        public static Options defaults() {
            return new Options(null, Map.of(), null);
        }
    }

    private ExperimentAnalysis() {}

    /**
     * @throws IllegalArgumentException when the control is not a variant, or is neither given nor configured (no
     *     weights), or a variant with exposures has no weight
     */
    public static ExperimentResult analyze(
            Map<String, String> variantOfUnit, Map<String, Double> valueOfUnit, Options options) {
        List<String> variants = variants(variantOfUnit, options);
        String control = options.control() != null
                ? options.control()
                : options.weights().isEmpty() ? null : variants.get(0);
        if (control == null && variants.size() > 1) {
            Map<String, Long> seen = new java.util.TreeMap<>();
            variantOfUnit.values().forEach(v -> seen.merge(v, 1L, Long::sum));
            throw new IllegalArgumentException("which variant is the control? name it with --control, or give the"
                    + " experiment's --config or --weights (its first variant is the control); the exposures have "
                    + String.join(
                            ", ",
                            seen.entrySet().stream()
                                    .map(e -> e.getKey() + " (" + e.getValue() + " units)")
                                    .toList()));
        }
        if (control == null && !variants.isEmpty()) {
            control = variants.get(0);
        }
        if (control != null && !variants.contains(control)) {
            throw new IllegalArgumentException("control " + control
                    + " is not a variant of the experiment: give one of " + String.join(", ", variants));
        }
        Metric metric = options.metric() != null ? options.metric() : detect(variantOfUnit, valueOfUnit);

        Map<String, DoubleStatistics> stats = new LinkedHashMap<>();
        Map<String, Long> units = new LinkedHashMap<>();
        for (String variant : variants) {
            stats.put(variant, DoubleStatistics.of(Statistic.MEAN, Statistic.VARIANCE));
            units.put(variant, 0L);
        }
        long withoutOutcome = 0;
        for (Map.Entry<String, String> exposure : variantOfUnit.entrySet()) {
            units.merge(exposure.getValue(), 1L, Long::sum);
            Double value = valueOfUnit.get(exposure.getKey());
            if (value == null) {
                withoutOutcome++;
                if (metric == Metric.CONVERSION) {
                    stats.get(exposure.getValue()).accept(0);
                }
            } else {
                stats.get(exposure.getValue()).accept(value);
            }
        }
        long unexposed = valueOfUnit.keySet().stream()
                .filter(unit -> !variantOfUnit.containsKey(unit))
                .count();

        List<VariantResult> results = new ArrayList<>();
        Summary base = control == null ? null : Summary.of(stats.get(control));
        for (String variant : variants) {
            Summary s = Summary.of(stats.get(variant));
            double[] interval = metric == Metric.CONVERSION ? wilson(s) : studentT(s);
            boolean isControl = variant.equals(control);
            double[] lift = isControl ? new double[] {Double.NaN, Double.NaN, Double.NaN} : lift(s, base, metric);
            double p = isControl ? Double.NaN : metric == Metric.CONVERSION ? twoProportionZ(s, base) : welch(s, base);
            results.add(new VariantResult(
                    variant,
                    isControl,
                    units.get(variant),
                    s.n,
                    s.mean,
                    interval[0],
                    interval[1],
                    lift[0],
                    lift[1],
                    lift[2],
                    p));
        }
        return new ExperimentResult(
                metric, control, results, sampleRatio(units, options.weights()), withoutOutcome, unexposed);
    }

    /** Config order when weights are given (every exposed variant must have one), else alphabetical. */
    private static List<String> variants(Map<String, String> variantOfUnit, Options options) {
        TreeSet<String> seen = new TreeSet<>(variantOfUnit.values());
        if (options.weights().isEmpty()) {
            return List.copyOf(seen);
        }
        seen.removeAll(options.weights().keySet());
        if (!seen.isEmpty()) {
            throw new IllegalArgumentException(
                    "variant " + String.join(", ", seen) + " has exposures but no weight (weights given for "
                            + String.join(", ", options.weights().keySet()) + "): add it to the weights");
        }
        return List.copyOf(options.weights().keySet());
    }

    private static Metric detect(Map<String, String> variantOfUnit, Map<String, Double> valueOfUnit) {
        for (String unit : variantOfUnit.keySet()) {
            Double v = valueOfUnit.get(unit);
            if (v != null && v != 0 && v != 1) {
                return Metric.CONTINUOUS;
            }
        }
        return Metric.CONVERSION;
    }

    /** The count, mean and (sample) variance of one variant's outcomes. */
    record Summary(long n, double mean, double variance) {
        static Summary of(DoubleStatistics stats) {
            long n = stats.getCount();
            return new Summary(
                    n,
                    n == 0 ? Double.NaN : stats.getAsDouble(Statistic.MEAN),
                    n < 2 ? Double.NaN : stats.getAsDouble(Statistic.VARIANCE));
        }

        /** The variance of the mean: the binomial one for a rate, the sample one otherwise. */
        double varianceOfMean(Metric metric) {
            return metric == Metric.CONVERSION ? mean * (1 - mean) / n : variance / n;
        }
    }

    /** Wilson's score interval: stays inside [0, 1] and keeps its coverage for small counts and rates near 0. */
    static double[] wilson(Summary s) {
        if (s.n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double z2 = Z * Z;
        double denominator = 1 + z2 / s.n;
        double centre = (s.mean + z2 / (2.0 * s.n)) / denominator;
        double half = Z / denominator * Math.sqrt(s.mean * (1 - s.mean) / s.n + z2 / (4.0 * s.n * s.n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    static double[] studentT(Summary s) {
        if (s.n < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double half = TDistribution.of(s.n - 1).inverseSurvivalProbability((1 - CONFIDENCE) / 2)
                * Math.sqrt(s.variance / s.n);
        return new double[] {s.mean - half, s.mean + half};
    }

    /** Lift {@code mean/base - 1} with a delta-method interval; NaN when the control's mean is 0 or unknown. */
    static double[] lift(Summary s, Summary base, Metric metric) {
        if (base == null || s.n == 0 || base.n == 0 || base.mean == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double ratio = s.mean / base.mean;
        double relativeVariance = (s.mean == 0 ? 0 : s.varianceOfMean(metric) / (s.mean * s.mean))
                + base.varianceOfMean(metric) / (base.mean * base.mean);
        double half = Z * Math.abs(ratio) * Math.sqrt(relativeVariance);
        return new double[] {ratio - 1, ratio - 1 - half, ratio - 1 + half};
    }

    /** Two-sided two-proportion z-test with the pooled rate under the null hypothesis. */
    static double twoProportionZ(Summary s, Summary base) {
        if (base == null || s.n == 0 || base.n == 0) {
            return Double.NaN;
        }
        double pooled = (s.mean * s.n + base.mean * base.n) / (s.n + base.n);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / s.n + 1.0 / base.n));
        if (!(se > 0)) {
            return Double.NaN;
        }
        double z = (s.mean - base.mean) / se;
        return Math.min(1, 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z)));
    }

    static double welch(Summary s, Summary base) {
        if (base == null || s.n < 2 || base.n < 2 || !(s.variance + base.variance > 0)) {
            return Double.NaN;
        }
        return TTest.withDefaults()
                .with(DataDispersion.HETEROSCEDASTIC)
                .test(s.mean, s.variance, s.n, base.mean, base.variance, base.n)
                .getPValue();
    }

    private static SampleRatio sampleRatio(Map<String, Long> units, Map<String, Double> weights) {
        long total = units.values().stream().mapToLong(Long::longValue).sum();
        if (units.size() < 2 || total == 0) {
            return null;
        }
        double weightSum = weights.isEmpty()
                ? units.size()
                : weights.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        double[] expected = new double[units.size()];
        long[] observed = new long[units.size()];
        int i = 0;
        for (Map.Entry<String, Long> variant : units.entrySet()) {
            double share = (weights.isEmpty() ? 1 : weights.get(variant.getKey())) / weightSum;
            shares.put(variant.getKey(), share);
            expected[i] = share * total;
            observed[i++] = variant.getValue();
        }
        var test = ChiSquareTest.withDefaults().test(expected, observed);
        return new SampleRatio(shares, units, test.getStatistic(), test.getPValue());
    }
}
