package dev.cairn.testing.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;

/**
 * Fails in its first {@code failures} attempts, then succeeds: with the default two it needs both its retries, with
 * three it runs out of them. Each attempt prints {@code attempt N} and fails with {@code flaky N}.
 */
@Flow(project = "tests")
public class FlakyFlow extends FlowSpec {
    @Parameter(help = "attempts that fail before one succeeds")
    int failures = 2;

    int attempts;

    // counted from the task's attempt, not a static counter: runs in parallel tests, or in another process as a
    // cloud step, count for themselves
    @Step(next = "end")
    @Retry(times = 2, backoffSeconds = 0)
    public void start() {
        attempts = current().attempt();
        System.out.println("attempt " + attempts);
        if (attempts <= failures) {
            throw new IllegalStateException("flaky " + attempts);
        }
    }

    @Step
    public void end() {}
}
