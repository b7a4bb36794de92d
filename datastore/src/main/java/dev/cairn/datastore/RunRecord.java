package dev.cairn.datastore;

import dev.cairn.flow.StepError;
import java.time.Instant;
import java.util.Map;

/**
 * A run's own record at {@code runs/<run>/run.json}: written when it starts and again when it ends.
 *
 * <p>Fields are only ever added, so every run.json written before stays readable: a field an older
 * record lacks is read as null.
 *
 * @param parameters  every parameter's value, defaults included
 * @param codeVersion hash of the code the flow needs (see the runtime's {@code CodeVersion})
 * @param resumedFrom the run this one resumes; null for a fresh run
 * @param failedTask  {@code step/task/attempt} of the task that failed the run; null otherwise
 * @param leaseUntil  while RUNNING: the time by which the run's process promises to write this record again
 *                    with a later lease; a RUNNING record whose lease has passed belongs to a process that died
 *                    ({@link #statusAt}). Null for runs without a lease: cloud runs, whose status Step Functions
 *                    owns, and records written before leases existed.
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
        String user,
        Instant leaseUntil) {

    /** A record without a lease. */
    public RunRecord(
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
        this(
                flow,
                project,
                branch,
                run,
                status,
                parameters,
                codeVersion,
                startedAt,
                finishedAt,
                resumedFrom,
                failedTask,
                error,
                user,
                null);
    }

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
                user,
                leaseUntil);
    }

    /** This record with its lease extended (or first taken) to {@code until}. */
    public RunRecord leasedUntil(Instant until) {
        return new RunRecord(
                flow,
                project,
                branch,
                run,
                status,
                parameters,
                codeVersion,
                startedAt,
                finishedAt,
                resumedFrom,
                failedTask,
                error,
                user,
                until);
    }

    /**
     * The run's status as a reader sees it at {@code now}: the recorded one, except that a RUNNING record
     * whose lease passed before {@code now} is {@link RunStatus#DIED}, since a living process renews its
     * lease well before then. A record without a lease is taken at its word.
     */
    public RunStatus statusAt(Instant now) {
        return status == RunStatus.RUNNING && leaseUntil != null && now.isAfter(leaseUntil) ? RunStatus.DIED : status;
    }
}
