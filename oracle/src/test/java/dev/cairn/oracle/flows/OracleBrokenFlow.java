package dev.cairn.oracle.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;

/** A flow whose middle step always fails and declares no @Retry: it must run once, not once per Batch attempt. */
@Flow(project = "oracle")
public class OracleBrokenFlow extends FlowSpec {
    @Step(next = "explode")
    public void start() {}

    @Step(next = "end")
    public void explode() {
        throw new IllegalStateException("explode fails deterministically");
    }

    @Step
    public void end() {}
}
