package dev.cairn.testing.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;

/**
 * Fails for good in {@code boom}: each of its two attempts prints {@code loading data} to stdout and
 * {@code about to fail} to stderr, then throws an {@link ArithmeticException} with {@code message}.
 */
@Flow(project = "tests")
public class FailingFlow extends FlowSpec {
    @Parameter(help = "the failure's message")
    String message = "model diverged";

    @Step(next = "boom")
    public void start() {}

    @Step(next = "end")
    @Retry(times = 1, backoffSeconds = 0)
    public void boom() {
        System.out.println("loading data");
        System.err.println("about to fail");
        throw new ArithmeticException(message);
    }

    @Step
    public void end() {}
}
