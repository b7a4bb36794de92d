package dev.cairn.runtime.cloud;

/**
 * What one {@code cairn step} invocation (one AWS Batch job, or one child of an array job) is told to do.
 *
 * @param parametersJson for the start step only: the execution input's parameters object; null when absent
 * @param plan           run nothing: write the step's plan files
 * @param chunkOffset    array child: run the {@code tasksPerChild} tasks of the plan from {@code chunkOffset +
 *                       $AWS_BATCH_JOB_ARRAY_INDEX * tasksPerChild}; null when absent
 * @param task           run this one task; null when absent
 * @param originRun      cloud resume: the run whose successful tasks are cloned; null for a fresh run
 * @param originFrom     with {@code originRun}: the step from which everything runs again; null reruns only what failed
 * @param end            after the task, record the run as succeeded (the end step)
 * @param attempt        attempt number when {@code $AWS_BATCH_JOB_ATTEMPT} is not set, counting from 0 as task
 *                       records do ({@code cairn step --attempt} counts from 1, as Batch does)
 * @param tasksPerChild  with {@code chunkOffset}: how many consecutive tasks each array child runs (the plan
 *                       summary's, which the state machine passes on); at least 1
 * @param retryCount     the Step Functions retries of this job's state before it ({@code $$.State.RetryCount}):
 *                       the attempt's number when given, whatever Batch's own attempt (a host it lost); null when
 *                       absent
 */
public record StepRequest(
        String run,
        String step,
        String parametersJson,
        boolean plan,
        Integer chunkOffset,
        String task,
        String originRun,
        String originFrom,
        boolean end,
        int attempt,
        int tasksPerChild,
        Integer retryCount) {

    /** Runs one task of {@code step}. */
    public static StepRequest task(String run, String step, String task) {
        return new StepRequest(run, step, null, false, null, task, null, null, false, 0, 1, null);
    }

    /** Writes the plan of {@code step}. */
    public static StepRequest plan(String run, String step) {
        return new StepRequest(run, step, null, true, null, null, null, null, false, 0, 1, null);
    }

    /** Runs an array child's tasks of a chunk of {@code step}'s plan (the child's index comes from Batch). */
    public static StepRequest chunk(String run, String step, int offset, int tasksPerChild) {
        return new StepRequest(run, step, null, false, offset, null, null, null, false, 0, tasksPerChild, null);
    }

    public StepRequest withParameters(String json) {
        return new StepRequest(
                run,
                step,
                json,
                plan,
                chunkOffset,
                task,
                originRun,
                originFrom,
                end,
                attempt,
                tasksPerChild,
                retryCount);
    }

    public StepRequest withOrigin(String originRun, String originFrom) {
        return new StepRequest(
                run,
                step,
                parametersJson,
                plan,
                chunkOffset,
                task,
                originRun,
                originFrom,
                end,
                attempt,
                tasksPerChild,
                retryCount);
    }

    public StepRequest withEnd() {
        return new StepRequest(
                run,
                step,
                parametersJson,
                plan,
                chunkOffset,
                task,
                originRun,
                originFrom,
                true,
                attempt,
                tasksPerChild,
                retryCount);
    }
}
