package dev.cairn.datastore;

import dev.cairn.flow.StepError;
import java.time.Instant;
import java.util.Map;

/**
 * A run's own record at {@code runs/<run>/run.json}: written when it starts and again when it ends.
 *
 * @param parameters  every parameter's value, defaults included
 * @param codeVersion hash of the flow's code package
 * @param resumedFrom the run this one resumes; null for a fresh run
 * @param failedTask  {@code step/task/attempt} of the task that failed the run; null otherwise
 */
public record RunRecord(
        String flow,
        String project,
        String branch,
        String run,
        RunStatus status,
        Map<String, Object> parameters,
        String codeVersion,
        Instant startedAt,
        Instant finishedAt,
        String resumedFrom,
        String failedTask,
        StepError error,
        String user) {

    public RunRecord finished(RunStatus status, Instant at, String failedTask, StepError error) {
        return new RunRecord(
                flow,
                project,
                branch,
                run,
                status,
                parameters,
                codeVersion,
                startedAt,
                at,
                resumedFrom,
                failedTask,
                error,
                user);
    }
}
