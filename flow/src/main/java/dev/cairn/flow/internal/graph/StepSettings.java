package dev.cairn.flow.internal.graph;

import java.time.Duration;
import java.util.Optional;

/**
 * What a step asks of the platform, read from its annotations; recorded in the graph so the
 * state-machine compiler and the runtimes honour the same settings.
 *
 * @param timeout       empty means no limit beyond the platform's own
 * @param catchVar      artifact receiving the error under {@code @Catch}; empty means fail the run
 * @param tasksPerChild tasks per Batch array child from {@code @Batch}; {@link #AUTO_TASKS_PER_CHILD}: picked from
 *                      the step's size by {@link #tasksPerChildFor(long)}
 */
public record StepSettings(
        Resources resources,
        RetryPolicy retry,
        Optional<Duration> timeout,
        Optional<String> catchVar,
        int tasksPerChild) {

    /**
     * The shortest {@code @Timeout}: AWS Batch's shortest attempt timeout. Local runs refuse shorter ones
     * too, so a flow that runs on a laptop also deploys.
     */
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(60);

    /** {@code @Batch(tasksPerChild = 0)}, the default: the plan picks from the step's size. */
    public static final int AUTO_TASKS_PER_CHILD = 0;

    /** The most tasks one array child may be given: a child is one Batch attempt, retried whole. */
    public static final int MAX_TASKS_PER_CHILD = 10_000;

    /**
     * What the automatic choice gives a large step: at a few hundred milliseconds a task (a foreach's typical
     * model fit or scoring) 100 tasks keep a one-vCPU child busy for about 30 s, against the 5 to 15 s a Batch
     * child spends before its first task (container start, JVM start, code package fetch).
     */
    public static final int AUTO_MAX_TASKS_PER_CHILD = 100;

    /**
     * The automatic choice never spreads a step over fewer children than this (or than its tasks): the tasks
     * per child cannot know how long a task runs, and a step of long tasks keeps its parallelism on any
     * compute environment of up to about this many vCPUs.
     */
    public static final int AUTO_MIN_CHILDREN = 100;

    public static final StepSettings DEFAULT = new StepSettings(
            Resources.DEFAULT, RetryPolicy.NONE, Optional.empty(), Optional.empty(), AUTO_TASKS_PER_CHILD);

    /**
     * Tasks per array child for a step of {@code tasks} tasks: the declared number, or automatically
     * {@code tasks / 100} between 1 and 100 (a step of under 200 tasks runs a task per child, one of 2,000 runs 20
     * per child, one of 10,000 or more 100).
     */
    public int tasksPerChildFor(long tasks) {
        if (tasksPerChild != AUTO_TASKS_PER_CHILD) {
            return tasksPerChild;
        }
        return (int) Math.max(1, Math.min(AUTO_MAX_TASKS_PER_CHILD, tasks / AUTO_MIN_CHILDREN));
    }

    /** @param queue empty picks the CPU or GPU queue from {@code gpu} */
    public record Resources(int cpu, int memoryMb, int gpu, String queue) {
        public static final Resources DEFAULT = new Resources(1, 4096, 0, "");
    }

    /** @param times extra attempts after the first */
    public record RetryPolicy(int times, int backoffSeconds) {
        public static final RetryPolicy NONE = new RetryPolicy(0, 0);

        /** Wait before attempt {@code attempt} (0-based; attempt 0 never waits). */
        public Duration backoffBefore(int attempt) {
            if (attempt <= 0 || backoffSeconds == 0) {
                return Duration.ZERO;
            }
            return Duration.ofSeconds((long) backoffSeconds << Math.min(attempt - 1, 20));
        }
    }
}
