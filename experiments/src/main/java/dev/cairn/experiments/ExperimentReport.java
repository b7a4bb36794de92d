package dev.cairn.experiments;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An experiment's report: what was read, what the analysis found, and the words and cells both the terminal
 * table and the HTML page show, so that the two always say the same thing.
 *
 * <pre>{@code
 * ExperimentReport report = ExperimentReport.of("churn-ab", "exposures/", "outcomes.csv", exposures, outcomes,
 *         ExperimentAnalysis.Options.defaults());
 * report.warnings().forEach(w -> System.out.println("warning: " + w));
 * }</pre>
 */
public record ExperimentReport(
        String experiment,
        String exposuresLocation,
        String outcomesLocation,
        Exposures exposures,
        Outcomes outcomes,
        ExperimentResult result,
        boolean weightsGiven) {
    /** Mixed units named in the warning before the rest are only counted. */
    static final int MIXED_EXAMPLES = 5;

    /** Analyses {@code exposures} and {@code outcomes}. @throws IllegalArgumentException as {@link ExperimentAnalysis#analyze} does */
    public static ExperimentReport of(
            String experiment,
            String exposuresLocation,
            String outcomesLocation,
            Exposures exposures,
            Outcomes outcomes,
            ExperimentAnalysis.Options options) {
        ExperimentResult result =
                ExperimentAnalysis.analyze(exposures.variantOfUnit(), outcomes.valueOfUnit(), options);
        return new ExperimentReport(
                experiment,
                exposuresLocation,
                outcomesLocation,
                exposures,
                outcomes,
                result,
                !options.weights().isEmpty());
    }

    /** One line summing the experiment up, e.g. {@code churn-ab: conversion, 20,000 units in 2 variants, control v1}. */
    public String headline() {
        long units = result.variants().stream().mapToLong(VariantResult::units).sum();
        return experiment + ": " + result.metric().name().toLowerCase(Locale.ROOT) + " metric, "
                + String.format(Locale.ROOT, "%,d", units) + " units in "
                + result.variants().size() + " variants, control "
                + result.control();
    }

    public List<String> headers() {
        boolean conversion = result.metric() == Metric.CONVERSION;
        List<String> headers = new ArrayList<>(List.of("variant", "units"));
        if (!conversion) {
            headers.add("with outcome");
        }
        headers.addAll(List.of(
                conversion ? "conversion" : "mean", "95% CI", "lift vs " + result.control(), "95% CI", "p-value"));
        return headers;
    }

    /** The table's rows, one per variant, cells as printed. */
    public List<List<String>> rows() {
        boolean conversion = result.metric() == Metric.CONVERSION;
        List<List<String>> rows = new ArrayList<>();
        for (VariantResult v : result.variants()) {
            List<String> row =
                    new ArrayList<>(List.of(v.variant() + (v.control() ? " (control)" : ""), count(v.units())));
            if (!conversion) {
                row.add(count(v.measured()));
            }
            row.add(conversion ? percent(v.mean(), false) : number(v.mean()));
            row.add(
                    conversion
                            ? interval(percent(v.low(), false), percent(v.high(), false))
                            : interval(number(v.low()), number(v.high())));
            row.add(percent(v.lift(), true));
            row.add(interval(percent(v.liftLow(), true), percent(v.liftHigh(), true)));
            row.add(pValue(v.pValue()));
            rows.add(row);
        }
        return rows;
    }

    /** What makes the comparison doubtful: sample-ratio mismatch, a config change, mixed units, unreadable lines. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        SampleRatio srm = result.sampleRatio();
        if (srm != null && srm.mismatch()) {
            warnings.add("sample ratio mismatch: units "
                    + srm.units().entrySet().stream()
                            .map(e -> e.getKey() + " " + count(e.getValue()))
                            .collect(Collectors.joining(", "))
                    + " against expected shares "
                    + srm.expectedShare().entrySet().stream()
                            .map(e -> e.getKey() + " " + percent(e.getValue(), false))
                            .collect(Collectors.joining(", "))
                    + " (chi-square " + number(srm.chiSquare()) + ", p = " + pValue(srm.pValue()) + " < "
                    + ExperimentAnalysis.SRM_ALPHA
                    + "). Units were lost or assigned unevenly, so the comparison above cannot be trusted: check the weights"
                    + (weightsGiven ? "" : " (--weights or --config; equal by default)")
                    + ", the router's assignment and the exposure log.");
        }
        if (exposures.configVersions().size() > 1) {
            warnings.add(
                    "the experiment's config changed during the run: "
                            + exposures.configVersions().size() + " config versions, "
                            + exposures.configVersions().stream()
                                    .map(v -> v.version() + " (first seen "
                                            + (v.firstSeen() == null ? "at no recorded time" : v.firstSeen()) + ")")
                                    .collect(Collectors.joining(", "))
                            + ". Units assigned under different weights or variants are pooled here; compare within one version.");
        }
        if (!exposures.mixedUnits().isEmpty()) {
            int mixed = exposures.mixedUnits().size();
            warnings.add(count(mixed) + (mixed == 1 ? " unit was" : " units were")
                    + " exposed to more than one variant and "
                    + (mixed == 1 ? "is" : "are") + " left out: "
                    + exposures.mixedUnits().entrySet().stream()
                            .limit(MIXED_EXAMPLES)
                            .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                            .collect(Collectors.joining(", "))
                    + (exposures.mixedUnits().size() > MIXED_EXAMPLES ? ", …" : ""));
        }
        malformed(warnings, "exposure", exposuresLocation, exposures.malformed());
        malformed(warnings, "outcome", outcomesLocation, outcomes.malformed());
        return warnings;
    }

    private static void malformed(List<String> warnings, String what, String location, MalformedLines lines) {
        if (lines.count() > 0) {
            boolean one = lines.count() == 1;
            warnings.add(count(lines.count()) + " " + what + (one ? " line in " : " lines in ") + location
                    + " could not be read and "
                    + (one ? "was" : "were") + " skipped" + (one ? ":" : ", e.g.") + "\n    "
                    + String.join("\n    ", lines.examples()));
        }
    }

    /** How the numbers were made and what was left out, for a reader who checks. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (result.metric() == Metric.CONVERSION) {
            notes.add("conversion metric (every outcome is 0 or 1): " + count(result.unitsWithoutOutcome())
                    + " exposed units without an outcome count as 0 (not converted). Rates with Wilson 95% intervals;"
                    + " p-values from a two-proportion z-test against " + result.control() + ".");
        } else {
            notes.add("continuous metric: " + count(result.unitsWithoutOutcome())
                    + " exposed units without an outcome are left out"
                    + " (column \"with outcome\"). Means with Student-t 95% intervals; p-values from Welch's t-test against "
                    + result.control() + ".");
        }
        notes.add("lift = mean / control mean - 1, its 95% interval by the delta method. Control " + result.control()
                + ": "
                + (weightsGiven
                        ? "the first variant of the weights (the config's order)"
                        : "the first variant alphabetically")
                + " unless --control says otherwise.");
        List<String> ignored = new ArrayList<>();
        if (exposures.shadowEvents() > 0) {
            ignored.add(count(exposures.shadowEvents()) + " shadow events");
        }
        if (exposures.otherExperimentEvents() > 0) {
            ignored.add(count(exposures.otherExperimentEvents()) + " events of other experiments");
        }
        if (result.outcomesWithoutExposure() > 0) {
            ignored.add(count(result.outcomesWithoutExposure()) + " outcomes of units not in the analysis");
        }
        if (outcomes.duplicateRows() > 0) {
            ignored.add(count(outcomes.duplicateRows()) + " repeated outcome rows of a unit (its first row counts)");
        }
        if (!ignored.isEmpty()) {
            notes.add("ignored: " + String.join(", ", ignored) + ".");
        }
        return notes;
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 12.34%}, or {@code +19.8%} for a signed difference; {@code -} for NaN. */
    static String percent(double v, boolean signed) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, signed ? "%+.1f%%" : "%.2f%%", v * 100);
    }

    /** Four significant digits, no exponent for everyday sizes. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        if (Math.abs(v) >= 10_000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    static String pValue(double p) {
        if (!Double.isFinite(p)) {
            return "-";
        }
        return p >= 0.0001 ? String.format(Locale.ROOT, "%.4f", p) : String.format(Locale.ROOT, "%.1e", p);
    }

    private static String interval(String low, String high) {
        return low.equals("-") && high.equals("-") ? "-" : "[" + low + ", " + high + "]";
    }
}
