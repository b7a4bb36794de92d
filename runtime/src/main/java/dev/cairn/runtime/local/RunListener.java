package dev.cairn.runtime.local;

import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.runtime.task.TaskSpec;

/** Hears what a local run does, for progress displays. Called from worker threads. */
public interface RunListener {
    RunListener NONE = new RunListener() {};

    default void runStarted(RunRecord run) {}

    default void taskStarted(TaskSpec task) {}

    /** @param reused the task was taken over from the resumed run, not run again */
    default void taskSucceeded(TaskRecord record, boolean reused) {}

    /**
     * A task of the resumed run that succeeded there runs again, since a blob it names is damaged or missing.
     *
     * @param problem which artifact (or log) and what is wrong with its blob
     */
    default void taskRerunInsteadOfReused(TaskRecord earlier, String problem) {}

    /** @param retrying another attempt follows */
    default void taskFailed(TaskRecord record, boolean retrying) {}

    /**
     * Threads several tasks shared (the common pool of parallel streams) printed what no one task could be
     * credited with; it is kept as the run's shared log ({@code FlowDatastore.readRunOutput}).
     */
    default void sharedOutputKept(RunRecord run) {}

    default void runFinished(RunRecord run) {}
}
