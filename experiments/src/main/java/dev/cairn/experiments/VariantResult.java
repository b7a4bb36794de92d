package dev.cairn.experiments;

/**
 * One variant's line of an experiment report. Numbers that do not apply (the control's lift and p-value, an interval
 * of fewer than two units) are {@code NaN}.
 *
 * @param units units exposed to this variant only
 * @param measured units whose outcome entered the mean: all units for a conversion metric, those with an outcome for a continuous one
 * @param mean the conversion rate or the outcome's mean, with its confidence interval {@code [low, high]}
 * @param lift relative difference to the control's mean ({@code 0.2} = 20% higher), with its interval {@code [liftLow, liftHigh]}
 * @param pValue two-sided p-value of the difference to the control
 */
public record VariantResult(
        String variant,
        boolean control,
        long units,
        long measured,
        double mean,
        double low,
        double high,
        double lift,
        double liftLow,
        double liftHigh,
        double pValue) {}
