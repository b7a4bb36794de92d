package dev.cairn.testing.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import dev.cairn.flow.Timeout;

/** {@code start} sleeps for 30 s, far past its one-second {@code @Timeout}. */
@Flow(project = "tests")
public class SlowFlow extends FlowSpec {
    @Step(next = "end")
    @Timeout(seconds = 1)
    public void start() throws InterruptedException {
        Thread.sleep(30_000);
    }

    @Step
    public void end() {}
}
