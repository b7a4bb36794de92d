package dev.cairn.functions.router;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.router.config.ExperimentConfig;
import dev.cairn.router.config.ExperimentConfig.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExperimentRouterTest {

    private static final int UNITS = 100_000;

    private static ExperimentConfig config(double coverage, double... weights) {
        List<Variant> vs = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            vs.add(new Variant("v" + i, weights[i]));
        }
        return new ExperimentConfig("exp", "exp-salt", coverage, vs);
    }

    private static String unit(int i) {
        return "user-" + i;
    }

    /**
     * The valid getBucketRange rows of GrowthBook's cases.json (coverage 0..1, weights summing to 1),
     * as integer bucket ranges: each expected bound times 10,000.
     */
    @Test
    void integerRangesMatchGrowthBookCases() {
        int checked = 0;
        for (JsonNode row : Vectors.CASES.get("getBucketRange")) {
            JsonNode args = row.get(1);
            int n = args.get(0).asInt();
            double coverage = args.get(1).asDouble();
            double[] w = Vectors.weights(args.get(2));
            if (w == null) {
                w = new double[n];
                java.util.Arrays.fill(w, 1.0 / n);
            }
            double sum = java.util.Arrays.stream(w).sum();
            if (coverage < 0 || coverage > 1 || w.length != n || Math.abs(sum - 1) > 1e-6) {
                continue; // GrowthBook's lenient fallbacks: our config rejects these (see validation tests)
            }
            int[][] actual = ExperimentRouter.bucketRanges(config(coverage, w));
            JsonNode expected = row.get(2);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(
                        new int[] {
                            (int) Math.round(expected.get(i).get(0).asDouble() * 10_000),
                            (int) Math.round(expected.get(i).get(1).asDouble() * 10_000)
                        },
                        actual[i],
                        row.get(0).asText() + " variant " + i);
            }
            checked++;
        }
        assertEquals(7, checked);
    }

    /** Hand-derived from the formula [ceil(10000 cum_i), ceil(10000 (cum_i + coverage w_i))). */
    @Test
    void ownBucketRanges() {
        // weights 0.1/0.2/0.7, coverage 0.5: cum = 0, 0.1, 0.3 (0.1 + 0.2 is 0.30000000000000004 in
        // binary and must snap to bucket 3000, not 3001); widths 0.05, 0.1, 0.35 of 10,000.
        // -> [0, 500), [1000, 2000), [3000, 6500)
        assertArrayEquals(
                new int[][] {{0, 500}, {1000, 2000}, {3000, 6500}},
                ExperimentRouter.bucketRanges(config(0.5, 0.1, 0.2, 0.7)));
        // one variant, coverage 0.2 -> [0, 2000); coverage 1 -> [0, 10000)
        assertArrayEquals(new int[][] {{0, 2000}}, ExperimentRouter.bucketRanges(config(0.2, 1.0)));
        assertArrayEquals(new int[][] {{0, 10_000}}, ExperimentRouter.bucketRanges(config(1, 1.0)));
        // thirds (weights 1/3 each, sum 1 within 1e-6), coverage 1: cum 0, 3333.33.., 6666.66..
        // ceil -> 0, 3334, 6667; last end = 10000 -> [0,3334), [3334,6667), [6667,10000)
        double t = 1.0 / 3;
        assertArrayEquals(
                new int[][] {{0, 3334}, {3334, 6667}, {6667, 10_000}},
                ExperimentRouter.bucketRanges(config(1, t, t, t)));
        // weight 0 variant owns nothing: 0.5/0/0.5 -> [0,5000), [5000,5000), [5000,10000)
        assertArrayEquals(
                new int[][] {{0, 5000}, {5000, 5000}, {5000, 10_000}},
                ExperimentRouter.bucketRanges(config(1, 0.5, 0, 0.5)));
    }

    @Test
    void assignmentUsesGrowthBookBucketsIncludingNonAsciiIds() {
        // buckets from the vector file: seed/a -> 0.0505, seed/b -> 0.2696, exp-salt/用户-42 -> 0.4818
        ExperimentRouter seed = new ExperimentRouter(new ExperimentConfig(
                "e", "seed", 1, List.of(new Variant("control", 0.5), new Variant("treatment", 0.5))));
        assertEquals(Optional.of(new Assignment("control", 505)), seed.assign("a"));
        assertEquals(Optional.of(new Assignment("control", 2696)), seed.assign("b"));
        ExperimentRouter salt = new ExperimentRouter(new ExperimentConfig(
                "e", "exp-salt", 1, List.of(new Variant("control", 0.4), new Variant("treatment", 0.6))));
        assertEquals(Optional.of(new Assignment("treatment", 4818)), salt.assign("\u7528\u6237-42"));
        assertEquals(Optional.of(new Assignment("control", 1738)), salt.assign("\u00fc"));
        // coverage 0.1 with 0.4/0.6 -> [0,400), [4000,4600): bucket 4818 and 1738 are outside
        ExperimentRouter low = new ExperimentRouter(salt.config().withCoverage(0.1));
        assertEquals(Optional.empty(), low.assign("\u7528\u6237-42"));
        assertEquals(Optional.empty(), low.assign("\u00fc"));
    }

    @Test
    void assignmentIsDeterministic() {
        ExperimentConfig c = config(0.7, 0.25, 0.25, 0.5);
        ExperimentRouter a = new ExperimentRouter(c);
        ExperimentRouter b = new ExperimentRouter(config(0.7, 0.25, 0.25, 0.5));
        for (int i = 0; i < 10_000; i++) {
            Optional<Assignment> first = a.assign(unit(i));
            assertEquals(first, a.assign(unit(i)));
            assertEquals(first, b.assign(unit(i)));
            first.ifPresent(x -> assertTrue(x.bucket() >= 0 && x.bucket() < 10_000));
        }
    }

    @Test
    void rampingCoverageUpNeverReassignsAUnit() {
        ExperimentRouter at20 = new ExperimentRouter(config(0.2, 0.5, 0.3, 0.2));
        ExperimentRouter at50 = new ExperimentRouter(config(0.5, 0.5, 0.3, 0.2));
        int in20 = 0;
        int in50 = 0;
        for (int i = 0; i < UNITS; i++) {
            Optional<Assignment> before = at20.assign(unit(i));
            Optional<Assignment> after = at50.assign(unit(i));
            if (before.isPresent()) {
                in20++;
                assertEquals(before, after, "unit " + unit(i) + " was reassigned by the ramp");
            }
            if (after.isPresent()) {
                in50++;
            }
        }
        assertEquals(0.2, in20 / (double) UNITS, 0.01);
        assertEquals(0.5, in50 / (double) UNITS, 0.01);
        ConfigDiff d = ExperimentRouter.diff(at20.config(), at50.config());
        assertEquals(0, d.reassignedBuckets());
        assertEquals(0, d.removedBuckets());
        assertEquals(3000, d.addedBuckets());
        assertEquals(0.0, d.reassignedShare());
        assertFalse(d.flagged());
    }

    @Test
    void weightChange5050To6040MovesTenPercentAndDiffSaysSo() {
        ExperimentConfig before = config(1, 0.5, 0.5);
        ExperimentConfig after = before.withWeights(0.6, 0.4);
        ExperimentRouter r1 = new ExperimentRouter(before);
        ExperimentRouter r2 = new ExperimentRouter(after);
        int moved = 0;
        for (int i = 0; i < UNITS; i++) {
            Assignment a = r1.assign(unit(i)).orElseThrow();
            Assignment b = r2.assign(unit(i)).orElseThrow();
            if (!a.variant().equals(b.variant())) {
                moved++;
                // only v1 -> v0, from the buckets [5000, 6000) that changed hands
                assertEquals("v1", a.variant());
                assertTrue(a.bucket() >= 5000 && a.bucket() < 6000);
            }
        }
        assertEquals(0.10, moved / (double) UNITS, 0.005);
        ConfigDiff d = ExperimentRouter.diff(before, after);
        assertEquals(1000, d.reassignedBuckets());
        assertEquals(0, d.addedBuckets());
        assertEquals(0, d.removedBuckets());
        assertEquals(0.1, d.reassignedShare(), 1e-12);
        assertTrue(d.flagged());
    }

    @Test
    void diffOfRampDownAndSaltChange() {
        ConfigDiff down = ExperimentRouter.diff(config(0.5, 0.5, 0.5), config(0.2, 0.5, 0.5));
        assertEquals(3000, down.removedBuckets());
        assertTrue(down.flagged());
        assertEquals(
                new ConfigDiff(0, 0, 0, false, 0.0), ExperimentRouter.diff(config(1, 0.5, 0.5), config(1, 0.5, 0.5)));
        ExperimentConfig a = config(1, 0.5, 0.5);
        ExperimentConfig b = new ExperimentConfig("exp", "new-salt", 1, a.variants());
        ConfigDiff salt = ExperimentRouter.diff(a, b);
        assertTrue(salt.saltChanged());
        assertTrue(salt.flagged());
        // rehashed independently: P(same) = 0.5*0.5 + 0.5*0.5 = 0.5
        assertEquals(0.5, salt.reassignedShare(), 1e-12);
    }

    @Test
    void anEmptyUnitIdIsRefused() {
        assertMessage("unitId must not be empty", () -> new ExperimentRouter(config(1, 1.0)).assign(""));
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(fragment), "expected '" + fragment + "' in: " + ex.getMessage());
    }
}
