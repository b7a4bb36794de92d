package dev.cairn.datastore;

/** State of a run. A run whose process died stays RUNNING; {@code resume} finishes it. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED
}
