package dev.cairn.datastore;

import dev.cairn.flow.StepError;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The record of one attempt of one task: the commit point of the task. It is written after every
 * blob it names, in one atomic put, at {@code runs/<run>/<step>/<task>/<attempt>.json}.
 *
 * @param artifacts   every artifact the task holds after its step (inherited ones too), by name
 * @param foreachSize for a step that fans out: how many tasks its foreach starts; otherwise null
 * @param inputs      the tasks it read, as {@code step/task/attempt}
 * @param stdout      blob of what the step printed to standard output; null if nothing
 * @param card        blob of the card components the step added (JSON); null if none
 * @param error       why the attempt failed, or the error caught by {@code @Catch}; otherwise null
 * @param clonedFrom  for a task reused by {@code resume}: {@code run/step/task/attempt} of the original
 */
public record TaskRecord(
        String flow,
        String run,
        String step,
        String task,
        int attempt,
        TaskStatus status,
        Map<String, ArtifactRef> artifacts,
        Integer foreachSize,
        List<String> inputs,
        String stdout,
        String stderr,
        String card,
        StepError error,
        Instant startedAt,
        Instant finishedAt,
        String codeVersion,
        String clonedFrom) {

    public TaskRecord {
        artifacts = artifacts == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(artifacts));
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    /** A record without a card. */
    public TaskRecord(
            String flow,
            String run,
            String step,
            String task,
            int attempt,
            TaskStatus status,
            Map<String, ArtifactRef> artifacts,
            Integer foreachSize,
            List<String> inputs,
            String stdout,
            String stderr,
            StepError error,
            Instant startedAt,
            Instant finishedAt,
            String codeVersion,
            String clonedFrom) {
        this(
                flow,
                run,
                step,
                task,
                attempt,
                status,
                artifacts,
                foreachSize,
                inputs,
                stdout,
                stderr,
                null,
                error,
                startedAt,
                finishedAt,
                codeVersion,
                clonedFrom);
    }

    public boolean succeeded() {
        return status == TaskStatus.SUCCEEDED;
    }

    /**
     * The attempt as Cairn shows it everywhere ({@code current().attempt()}, the client, {@code show}, {@code logs},
     * cards, Batch's {@code AWS_BATCH_JOB_ATTEMPT}): 1 for the first attempt. {@link #attempt} stays as records have
     * always stored it, from 0, in file names and pathspecs, so records on disk read as they did.
     */
    public int attemptNumber() {
        return attempt + 1;
    }

    /** {@code step/task/attempt}: how other records name this one. */
    public String pathspec() {
        return step + "/" + task + "/" + attempt;
    }

    /** A copy of this record placed in another run, pointing at the same blobs. */
    public TaskRecord cloneInto(String newRun) {
        return new TaskRecord(
                flow,
                newRun,
                step,
                task,
                attempt,
                status,
                artifacts,
                foreachSize,
                inputs,
                stdout,
                stderr,
                card,
                error,
                startedAt,
                finishedAt,
                codeVersion,
                clonedFrom != null ? clonedFrom : run + "/" + pathspec());
    }
}
