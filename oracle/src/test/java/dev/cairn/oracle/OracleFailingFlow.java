package dev.cairn.oracle;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;

/** A flow whose middle step always fails, retried once: the oracle's failing execution. */
@Flow(project = "oracle")
public class OracleFailingFlow extends FlowSpec {
    int prepared;

    @Step(next = "explode")
    public void start() {
        prepared = 1;
    }

    @Step(next = "end")
    @Retry(times = 1, backoffSeconds = 0)
    public void explode() {
        throw new IllegalStateException("explode always fails (prepared " + prepared + ")");
    }

    @Step
    public void end() {}
}
