package dev.cairn.functions.router;

import dev.cairn.router.config.ExperimentConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Deterministic experiment assignment, GrowthBook-compatible: the unit id is hashed with the
 * experiment's salt (hash v2) into a bucket 0..9999; variant {@code i} owns the buckets
 * {@code [10000 * cum_i, 10000 * (cum_i + coverage * w_i))}, where {@code cum_i} is the sum of the
 * weights of the variants before it (GrowthBook's {@code getBucketRanges}). A unit whose bucket is in
 * no range is not in the experiment.
 *
 * <p>Consequences: ranges start at cumulative weights independent of coverage, so ramping coverage
 * up only adds units; a weight change only moves the buckets between old and new range boundaries.
 * Plain Java, no I/O, no AWS: the router Lambda and {@code cairn serve} both use it.
 */
public final class ExperimentRouter {

    /**
     * Float noise in cumulative weights (0.1 + 0.2 = 0.30000000000000004) must not move a boundary by
     * a bucket: a boundary within this many buckets of an integer snaps to it. It equals the weight
     * tolerance times 10,000 buckets.
     */
    private static final double SNAP = ExperimentConfig.WEIGHT_SUM_TOLERANCE * GrowthBookHash.BUCKETS;

    private final ExperimentConfig config;
    /** Bucket ranges [start, end) per variant, in variant order. */
    private final int[][] ranges;

    public ExperimentRouter(ExperimentConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.ranges = bucketRanges(config);
    }

    public ExperimentConfig config() {
        return config;
    }

    /**
     * The variant for a unit, or empty when the unit's bucket is outside the exposed ranges.
     *
     * @throws IllegalArgumentException if unitId is null or empty
     */
    public Optional<Assignment> assign(String unitId) {
        if (unitId == null || unitId.isEmpty()) {
            throw new IllegalArgumentException("unitId must not be empty");
        }
        int bucket = GrowthBookHash.bucketV2(config.salt(), unitId);
        int i = variantIndex(ranges, bucket);
        return i < 0
                ? Optional.empty()
                : Optional.of(new Assignment(config.variants().get(i).name(), bucket));
    }

    /** The bucket ranges [start, end) per variant, in variant order (a copy). */
    public int[][] ranges() {
        int[][] copy = new int[ranges.length][];
        for (int i = 0; i < ranges.length; i++) {
            copy[i] = ranges[i].clone();
        }
        return copy;
    }

    /**
     * The integer form of GrowthBook's ranges: a bucket {@code b} is in {@code [s, e)} of the hash
     * value ({@code b / 10000}) exactly when it is in {@code [ceil(10000 s), ceil(10000 e))}.
     */
    static int[][] bucketRanges(ExperimentConfig config) {
        // a validated config never takes GrowthBook's lenient fallbacks (weights sum to 1, one per variant)
        double[] weights = config.variants().stream()
                .mapToDouble(ExperimentConfig.Variant::weight)
                .toArray();
        double[][] ranges = GrowthBookHash.bucketRanges(weights.length, config.coverage(), weights);
        int[][] out = new int[ranges.length][];
        for (int i = 0; i < ranges.length; i++) {
            int s = ceilSnapped(ranges[i][0] * GrowthBookHash.BUCKETS);
            int e = ceilSnapped(ranges[i][1] * GrowthBookHash.BUCKETS);
            out[i] = new int[] {clamp(s), clamp(Math.max(s, e))};
        }
        return out;
    }

    private static int ceilSnapped(double x) {
        double r = Math.rint(x);
        return (int) (Math.abs(x - r) <= SNAP ? r : Math.ceil(x));
    }

    private static int clamp(int b) {
        return Math.max(0, Math.min(GrowthBookHash.BUCKETS, b));
    }

    private static int variantIndex(int[][] ranges, int bucket) {
        for (int i = 0; i < ranges.length; i++) {
            if (bucket >= ranges[i][0] && bucket < ranges[i][1]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What changing {@code oldConfig} to {@code newConfig} does to assignments, so an experiment report
     * can flag it. Variants are matched by name. With the same salt every unit keeps its bucket, so the
     * counts are exact over buckets; with a different salt every unit is rehashed and the reassigned
     * share is the expected share of units in both that land in a different variant.
     */
    public static ConfigDiff diff(ExperimentConfig oldConfig, ExperimentConfig newConfig) {
        int[][] oldRanges = bucketRanges(oldConfig);
        int[][] newRanges = bucketRanges(newConfig);
        if (!oldConfig.salt().equals(newConfig.salt())) {
            Map<String, Integer> oldCount = new HashMap<>();
            Map<String, Integer> newCount = new HashMap<>();
            int oldIn = 0;
            int newIn = 0;
            for (int i = 0; i < oldRanges.length; i++) {
                int n = oldRanges[i][1] - oldRanges[i][0];
                oldCount.merge(oldConfig.variants().get(i).name(), n, Integer::sum);
                oldIn += n;
            }
            for (int i = 0; i < newRanges.length; i++) {
                int n = newRanges[i][1] - newRanges[i][0];
                newCount.merge(newConfig.variants().get(i).name(), n, Integer::sum);
                newIn += n;
            }
            double b = GrowthBookHash.BUCKETS;
            double same = 0;
            for (var e : oldCount.entrySet()) {
                same += (e.getValue() / b) * (newCount.getOrDefault(e.getKey(), 0) / b);
            }
            double bothIn = (oldIn / b) * (newIn / b);
            return new ConfigDiff(0, 0, 0, true, bothIn - same);
        }
        int reassigned = 0;
        int added = 0;
        int removed = 0;
        for (int bucket = 0; bucket < GrowthBookHash.BUCKETS; bucket++) {
            int o = variantIndex(oldRanges, bucket);
            int n = variantIndex(newRanges, bucket);
            if (o < 0 && n >= 0) {
                added++;
            } else if (o >= 0 && n < 0) {
                removed++;
            } else if (o >= 0
                    && !oldConfig
                            .variants()
                            .get(o)
                            .name()
                            .equals(newConfig.variants().get(n).name())) {
                reassigned++;
            }
        }
        return new ConfigDiff(reassigned, added, removed, false, reassigned / (double) GrowthBookHash.BUCKETS);
    }
}
