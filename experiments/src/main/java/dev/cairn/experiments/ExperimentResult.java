package dev.cairn.experiments;

import java.util.List;

/**
 * What {@link ExperimentAnalysis} finds: each variant against the control, and the sample-ratio check.
 *
 * @param variants in report order, the control among them
 * @param sampleRatio the check of unit counts against the weights; null with fewer than two variants
 * @param unitsWithoutOutcome exposed units with no outcome (counted as 0 for a conversion metric, left out otherwise)
 * @param outcomesWithoutExposure outcomes of units never exposed (or exposed to several variants), ignored
 */
public record ExperimentResult(
        Metric metric,
        String control,
        List<VariantResult> variants,
        SampleRatio sampleRatio,
        long unitsWithoutOutcome,
        long outcomesWithoutExposure) {
    public ExperimentResult {
        variants = List.copyOf(variants);
    }
}
