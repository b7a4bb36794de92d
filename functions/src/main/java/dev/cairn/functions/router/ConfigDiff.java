package dev.cairn.functions.router;

/**
 * What a config change does to assignments, counted over the 10,000 buckets.
 *
 * @param reassignedBuckets buckets in the experiment before and after whose variant changed
 * @param addedBuckets buckets not in the experiment before and in it after (a ramp up)
 * @param removedBuckets buckets in the experiment before and not after (a ramp down)
 * @param saltChanged the salt changed, so every unit was rehashed: the bucket counts then compare
 *     layouts, not units, and {@link #reassignedShare()} is the expected share under independent hashes
 * @param reassignedShare share of all units whose variant changed (0..1)
 */
public record ConfigDiff(
        int reassignedBuckets, int addedBuckets, int removedBuckets, boolean saltChanged, double reassignedShare) {

    /** True when units already in the experiment change variant or leave it: a report should flag the change. */
    public boolean flagged() {
        return saltChanged || reassignedBuckets > 0 || removedBuckets > 0;
    }
}
