package dev.cairn.datastore;

import java.util.List;

/**
 * What {@link FlowVerifier} found in a flow's runs: how much it read, and every blob that is damaged or missing with
 * the records that name it.
 *
 * @param runs              runs walked
 * @param tasks             tasks walked (each with one or more attempt records)
 * @param records           task records read, one per attempt
 * @param blobs             distinct blobs checked, each read once however many records name it
 * @param bytesRead         content bytes read from those blobs (uncompressed)
 * @param damaged           blobs whose content does not match their address
 * @param missing           blobs a record names that the datastore does not hold
 * @param unreadableRecords records (run or task) that are there but cannot be read, each named with its file
 */
public record VerifyReport(
        int runs,
        int tasks,
        int records,
        int blobs,
        long bytesRead,
        List<BadBlob> damaged,
        List<BadBlob> missing,
        List<String> unreadableRecords) {

    public VerifyReport {
        damaged = List.copyOf(damaged);
        missing = List.copyOf(missing);
        unreadableRecords = List.copyOf(unreadableRecords);
    }

    /** Whether everything read back as it was written. */
    public boolean clean() {
        return damaged.isEmpty() && missing.isEmpty() && unreadableRecords.isEmpty();
    }

    /**
     * A blob that is damaged or missing.
     *
     * @param problem      what is wrong with it: "its content hashes to 1f2e..., not to its address", "not in
     *                     /work/.cairn/demo/user.you/CountryModels/"
     * @param referencedBy every record that names it, in run, step and task order
     */
    public record BadBlob(String sha, String problem, List<Reference> referencedBy) {
        public BadBlob {
            referencedBy = List.copyOf(referencedBy);
        }

        /** The runs whose records name it, in order. */
        public List<String> runs() {
            return referencedBy.stream().map(Reference::run).distinct().toList();
        }
    }

    /**
     * One record's use of a blob.
     *
     * @param attempt as stored, from 0
     * @param what    {@code artifact `name`}, {@code stdout}, {@code stderr} or {@code card}
     */
    public record Reference(String run, String step, String task, int attempt, String what) {
        /** {@code <run>/end/0 (attempt 1): artifact `summary`}, attempts counted from 1 as everywhere people read them. */
        @Override
        public String toString() {
            return run + "/" + step + "/" + task + " (attempt " + (attempt + 1) + "): " + what;
        }
    }
}
