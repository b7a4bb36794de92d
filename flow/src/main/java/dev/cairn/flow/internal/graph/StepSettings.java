package dev.cairn.flow.internal.graph;

import java.time.Duration;
import java.util.Optional;

/**
 * What a step asks of the platform, read from its annotations; recorded in the graph so the
 * state-machine compiler and the runtimes honour the same settings.
 *
 * @param timeout  empty means no limit beyond the platform's own
 * @param catchVar artifact receiving the error under {@code @Catch}; empty means fail the run
 */
public record StepSettings(
        Resources resources, RetryPolicy retry, Optional<Duration> timeout, Optional<String> catchVar) {

    /**
     * The shortest {@code @Timeout}: AWS Batch's shortest attempt timeout. Local runs refuse shorter ones
     * too, so a flow that runs on a laptop also deploys.
     */
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(60);

    public static final StepSettings DEFAULT =
            new StepSettings(Resources.DEFAULT, RetryPolicy.NONE, Optional.empty(), Optional.empty());

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
