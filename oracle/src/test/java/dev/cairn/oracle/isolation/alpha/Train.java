package dev.cairn.oracle.isolation.alpha;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;

/** Project alpha's second flow, started by an EventBridge rule whenever {@link Ingest} succeeds on the same branch. */
@Flow(project = "alpha", startAfter = "Ingest")
public class Train extends FlowSpec {
    @Step(next = "end")
    public void start() {}

    @Step
    public void end() {}
}
