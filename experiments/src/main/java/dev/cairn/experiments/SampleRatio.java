package dev.cairn.experiments;

import java.util.Map;

/**
 * The sample-ratio check: do the variants' unit counts match the weights units were assigned with? A mismatch
 * (chi-square goodness of fit, p below {@value ExperimentAnalysis#SRM_ALPHA}) means assignment or logging lost
 * units unevenly, and the experiment's comparisons cannot be trusted.
 *
 * @param expectedShare each variant's share of units by its weight, in report order
 * @param units each variant's units, in report order
 */
public record SampleRatio(Map<String, Double> expectedShare, Map<String, Long> units, double chiSquare, double pValue) {
    public SampleRatio {
        expectedShare = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(expectedShare));
        units = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(units));
    }

    public boolean mismatch() {
        return pValue < ExperimentAnalysis.SRM_ALPHA;
    }
}
