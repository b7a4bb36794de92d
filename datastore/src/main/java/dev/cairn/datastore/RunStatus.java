package dev.cairn.datastore;

/** State of a run. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    /**
     * Never written to a run record: what a reader makes of a RUNNING record whose process stopped
     * renewing its lease, because it was killed or its machine went away ({@link RunRecord#statusAt}).
     * {@code resume} finishes such a run as a new run.
     */
    DIED
}
