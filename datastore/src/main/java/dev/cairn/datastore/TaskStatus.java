package dev.cairn.datastore;

/** Outcome of one attempt of a task. A failure caught by {@code @Catch} counts as SUCCEEDED. */
public enum TaskStatus {
    SUCCEEDED,
    FAILED
}
