package dev.cairn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class ExperimentAnalysisTest {
    private static final Map<String, Double> EQUAL = Map.of();

    private static ExperimentResult analyze(Map<String, String> variantOfUnit, Map<String, Double> valueOfUnit) {
        // these tests name the control: the first variant alphabetically
        String control = new java.util.TreeSet<>(variantOfUnit.values()).first();
        return ExperimentAnalysis.analyze(
                variantOfUnit, valueOfUnit, new ExperimentAnalysis.Options(control, Map.of(), null));
    }

    private static VariantResult variant(ExperimentResult result, String name) {
        return result.variants().stream()
                .filter(v -> v.variant().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static void assertCovers(double truth, double low, double high) {
        assertTrue(low <= truth && truth <= high, "[" + low + ", " + high + "] does not cover " + truth);
    }

    @Test
    void aTwentyPercentLiftInConversionIsSignificantAndItsIntervalsCoverTheTruth() {
        ExperimentData.Simulated data = ExperimentData.conversions(20261126L, 20_000, Map.of("v1", 0.10, "v2", 0.12));
        ExperimentResult result = analyze(data.variantOfUnit(), data.valueOfUnit());

        assertEquals(Metric.CONVERSION, result.metric());
        assertEquals("v1", result.control());
        VariantResult v1 = variant(result, "v1");
        VariantResult v2 = variant(result, "v2");
        assertTrue(v1.control());
        assertEquals(20_000, v1.units() + v2.units());
        assertEquals(v1.units(), v1.measured(), "a conversion metric counts every exposed unit");
        assertCovers(0.10, v1.low(), v1.high());
        assertCovers(0.12, v2.low(), v2.high());
        assertTrue(v2.pValue() < 0.001, "p = " + v2.pValue());
        assertEquals(0.20, v2.lift(), 0.08);
        assertCovers(0.20, v2.liftLow(), v2.liftHigh());
        assertTrue(v2.liftLow() > 0, "the lift's interval excludes 0 when the test is significant");
        assertTrue(
                Double.isNaN(v1.pValue()) && Double.isNaN(v1.lift()), "the control has no lift or p-value of its own");
        assertFalse(result.sampleRatio().mismatch());
    }

    @Test
    void noTrueEffectGivesNoTinyPValueAndALiftIntervalAroundZero() {
        ExperimentData.Simulated data = ExperimentData.conversions(7L, 20_000, Map.of("v1", 0.10, "v2", 0.10));
        VariantResult v2 = variant(analyze(data.variantOfUnit(), data.valueOfUnit()), "v2");
        assertTrue(v2.pValue() > 0.01, "p = " + v2.pValue());
        assertCovers(0.0, v2.liftLow(), v2.liftHigh());
    }

    /** R: {@code t.test(extra ~ group, data = sleep)} gives t = -1.8608, df = 17.776, p-value = 0.07939 (R's own example). */
    @Test
    void welchsTestMatchesRsPublishedSleepExample() {
        double[] group1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
        double[] group2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};
        Map<String, String> variantOfUnit = new LinkedHashMap<>();
        Map<String, Double> valueOfUnit = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            variantOfUnit.put("a" + i, "group1");
            valueOfUnit.put("a" + i, group1[i]);
            variantOfUnit.put("b" + i, "group2");
            valueOfUnit.put("b" + i, group2[i]);
        }
        ExperimentResult result = analyze(variantOfUnit, valueOfUnit);

        assertEquals(Metric.CONTINUOUS, result.metric());
        VariantResult g1 = variant(result, "group1");
        VariantResult g2 = variant(result, "group2");
        assertEquals(0.75, g1.mean(), 1e-12);
        assertEquals(2.33, g2.mean(), 1e-12);
        assertEquals(0.07939, g2.pValue(), 5e-6);
        // R: t.test(sleep$extra[1:10]) gives the 95 percent confidence interval -0.5297804 2.0297804
        assertEquals(-0.5297804, g1.low(), 1e-6);
        assertEquals(2.0297804, g1.high(), 1e-6);
        assertEquals(2.33 / 0.75 - 1, g2.lift(), 1e-12);
    }

    /** Pearson's chi-square of the 2x2 table (computed by another part of the library) is the square of the z statistic. */
    @Test
    void twoProportionZTestAgreesWithTheChiSquareTestOfTheTwoByTwoTable() {
        Map<String, String> variantOfUnit = ExperimentData.counts(Map.of("v1", 1000, "v2", 1200));
        Map<String, Double> valueOfUnit = new LinkedHashMap<>();
        variantOfUnit.forEach((unit, variant) -> {
            int i = Integer.parseInt(unit.substring(2));
            if (variant.equals("v1") ? i < 120 : i < 1000 + 180) {
                valueOfUnit.put(unit, 1.0);
            }
        });
        VariantResult v2 = variant(analyze(variantOfUnit, valueOfUnit), "v2");

        double chiSquareP = ChiSquareTest.withDefaults()
                .test(new long[][] {{120, 880}, {180, 1020}})
                .getPValue();
        assertEquals(chiSquareP, v2.pValue(), 1e-9);
        assertEquals(0.15, v2.mean(), 1e-12);
    }

    @Test
    void fiftyTwoToFortyEightAtLargeScaleIsASampleRatioMismatchUnderEqualWeights() {
        Map<String, String> units = ExperimentData.counts(Map.of("v1", 10_400, "v2", 9_600));
        SampleRatio srm = analyze(units, Map.of()).sampleRatio();
        assertEquals(32.0, srm.chiSquare(), 1e-9); // 2 * 400^2 / 10,000
        assertTrue(srm.pValue() < 1e-7, "p = " + srm.pValue());
        assertTrue(srm.mismatch());
        assertEquals(0.5, srm.expectedShare().get("v1"));

        SampleRatio weighted = ExperimentAnalysis.analyze(
                        units, Map.of(), new ExperimentAnalysis.Options(null, orderedWeights("v1", 52, "v2", 48), null))
                .sampleRatio();
        assertFalse(weighted.mismatch(), "52/48 is what weights 52/48 should give; p = " + weighted.pValue());
    }

    @Test
    void balancedCountsRaiseNoSampleRatioMismatch() {
        Map<String, String> units = ExperimentData.counts(Map.of("v1", 10_050, "v2", 9_950));
        SampleRatio srm = analyze(units, Map.of()).sampleRatio();
        assertEquals(0.5, srm.chiSquare(), 1e-9); // 2 * 50^2 / 10,000
        assertFalse(srm.mismatch());
    }

    @Test
    void aConversionMetricCountsUnitsWithoutOutcomeAsZero() {
        Map<String, String> units = ExperimentData.counts(Map.of("v1", 4, "v2", 4));
        ExperimentResult result = analyze(units, Map.of("u-0", 1.0, "u-4", 1.0, "u-5", 0.0, "stranger", 1.0));
        assertEquals(Metric.CONVERSION, result.metric());
        assertEquals(0.25, variant(result, "v1").mean());
        assertEquals(4, variant(result, "v2").measured());
        assertEquals(5, result.unitsWithoutOutcome());
        assertEquals(1, result.outcomesWithoutExposure());
    }

    @Test
    void aContinuousMetricLeavesOutUnitsWithoutOutcome() {
        Map<String, String> units = ExperimentData.counts(Map.of("v1", 3, "v2", 3));
        ExperimentResult result = analyze(units, Map.of("u-0", 10.0, "u-1", 20.0, "u-3", 5.5, "u-4", 6.5, "u-5", 7.5));
        assertEquals(Metric.CONTINUOUS, result.metric());
        VariantResult v1 = variant(result, "v1");
        assertEquals(3, v1.units());
        assertEquals(2, v1.measured());
        assertEquals(15.0, v1.mean());
        assertEquals(1, result.unitsWithoutOutcome());
    }

    @Test
    void weightsGiveTheOrderAndTheControl() {
        Map<String, String> units = ExperimentData.counts(Map.of("a", 5, "b", 5));
        ExperimentResult result = ExperimentAnalysis.analyze(
                units, Map.of(), new ExperimentAnalysis.Options(null, orderedWeights("b", 1, "a", 1), null));
        assertEquals("b", result.control());
        assertEquals(
                List.of("b", "a"),
                result.variants().stream().map(VariantResult::variant).toList());
    }

    @Test
    void aStrayVariantNeverBecomesTheControlWithoutWeightsTheControlMustBeNamed() {
        Map<String, String> units = new LinkedHashMap<>(ExperimentData.counts(Map.of("v1", 50, "v2", 50)));
        units.put("stray-unit", "0-typo");

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ExperimentAnalysis.analyze(units, Map.of(), ExperimentAnalysis.Options.defaults()));

        assertTrue(e.getMessage().startsWith("which variant is the control? name it with --control"), e.getMessage());
        assertTrue(e.getMessage().endsWith("0-typo (1 units), v1 (50 units), v2 (50 units)"), e.getMessage());
        assertEquals(
                "v1",
                ExperimentAnalysis.analyze(units, Map.of(), new ExperimentAnalysis.Options("v1", EQUAL, null))
                        .control());
    }

    @Test
    void aControlThatIsNoVariantIsRejectedNamingTheVariants() {
        Map<String, String> units = ExperimentData.counts(Map.of("v1", 2, "v2", 2));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ExperimentAnalysis.analyze(units, Map.of(), new ExperimentAnalysis.Options("v9", EQUAL, null)));
        assertEquals("control v9 is not a variant of the experiment: give one of v1, v2", e.getMessage());
    }

    @Test
    void aVariantWithExposuresButNoWeightIsRejected() {
        Map<String, String> units = ExperimentData.counts(Map.of("v1", 2, "v2", 2, "v3", 1));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ExperimentAnalysis.analyze(
                        units, Map.of(), new ExperimentAnalysis.Options(null, orderedWeights("v1", 1, "v2", 1), null)));
        assertTrue(e.getMessage().startsWith("variant v3 has exposures but no weight"), e.getMessage());
    }

    @Test
    void aSingleVariantHasNoSampleRatioCheck() {
        assertNull(analyze(ExperimentData.counts(Map.of("v1", 3)), Map.of()).sampleRatio());
    }

    private static Map<String, Double> orderedWeights(String a, double wa, String b, double wb) {
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put(a, wa);
        weights.put(b, wb);
        return weights;
    }
}
