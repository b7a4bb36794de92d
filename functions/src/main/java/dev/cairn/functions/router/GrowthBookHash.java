package dev.cairn.functions.router;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * GrowthBook's published hashing scheme, bit for bit compatible with its JavaScript SDK
 * ({@code packages/sdk-js/src/util.ts}: {@code hashFnv32a}, {@code hash}, {@code getBucketRanges}).
 *
 * <p>FNV-1a 32 runs over UTF-16 code units ({@link String#charAt}), exactly like JavaScript's
 * {@code String.charCodeAt}; it does not hash UTF-8 bytes, so non-ASCII unit ids land in the same
 * bucket as in GrowthBook's SDKs.
 */
public final class GrowthBookHash {

    /** Number of buckets of a v2 hash: the v2 value is {@code bucket / BUCKETS}. */
    public static final int BUCKETS = 10_000;

    private static final int FNV_OFFSET_BASIS = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private GrowthBookHash() {}

    /** FNV-1a 32 over the UTF-16 code units of {@code s}, as an unsigned value. */
    public static long fnv1a32(CharSequence s) {
        int h = FNV_OFFSET_BASIS;
        for (int i = 0, n = s.length(); i < n; i++) {
            h ^= s.charAt(i);
            h *= FNV_PRIME;
        }
        return Integer.toUnsignedLong(h);
    }

    /** GrowthBook hash version 1 (biased; kept for compatibility): {@code (fnv1a32(value + seed) % 1000) / 1000}. */
    public static double hashV1(String seed, String value) {
        return (fnv1a32(value + seed) % 1000) / 1000.0;
    }

    /**
     * The integer v2 bucket, 0..9999: {@code fnv1a32(String(fnv1a32(seed + value))) % 10000}.
     * Equal to {@code floor(hashV2(seed, value) * 10000)}, computed without floating point.
     */
    public static int bucketV2(String seed, String value) {
        long inner = fnv1a32(seed + value);
        return (int) (fnv1a32(Long.toString(inner)) % BUCKETS);
    }

    /** GrowthBook hash version 2: {@code (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000}. */
    public static double hashV2(String seed, String value) {
        return bucketV2(seed, value) / (double) BUCKETS;
    }

    /** GrowthBook's {@code hash(seed, value, version)}; empty for an unknown version (GrowthBook returns null). */
    public static OptionalDouble hash(String seed, String value, int version) {
        return switch (version) {
            case 1 -> OptionalDouble.of(hashV1(seed, value));
            case 2 -> OptionalDouble.of(hashV2(seed, value));
            default -> OptionalDouble.empty();
        };
    }

    /**
     * GrowthBook's {@code getBucketRanges(numVariations, coverage, weights)}, including its lenient
     * fallbacks (coverage clamped to 0..1; equal weights when weights are missing, of the wrong
     * length, or do not sum to 1 within 0.01). Variant {@code i} owns {@code [cum_i, cum_i + coverage * w_i)}
     * where {@code cum_i} is the sum of the weights before it, so the start of a range does not depend on
     * coverage and raising coverage only extends ranges.
     *
     * @param weights may be null
     */
    public static double[][] bucketRanges(int numVariations, double coverage, double[] weights) {
        coverage = Math.max(0, Math.min(1, coverage));
        double[] equal = new double[Math.max(0, numVariations)];
        Arrays.fill(equal, numVariations <= 0 ? 0 : 1.0 / numVariations);
        double[] w = weights == null || weights.length != numVariations ? equal : weights;
        double total = 0;
        for (double x : w) {
            total += x;
        }
        if (total < 0.99 || total > 1.01) {
            w = equal;
        }
        double[][] ranges = new double[w.length][];
        double cumulative = 0;
        for (int i = 0; i < w.length; i++) {
            double start = cumulative;
            cumulative += w[i];
            ranges[i] = new double[] {start, start + coverage * w[i]};
        }
        return ranges;
    }
}
