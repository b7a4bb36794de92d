package dev.cairn.testing.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import dev.cairn.flow.Timeout;

/** {@code start} sleeps for 10 minutes, far past its {@code @Timeout} of 60 s (Batch's shortest, the same locally). */
@Flow(project = "tests")
public class SlowFlow extends FlowSpec {
    @Step(next = "end")
    @Timeout(seconds = 60)
    public void start() throws InterruptedException {
        Thread.sleep(600_000);
    }

    @Step
    public void end() {}
}
