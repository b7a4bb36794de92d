package dev.cairn.oracle.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;

/** Starts whenever a run of {@link OracleNestedFlow} on the same branch succeeds. */
@Flow(project = "oracle", startAfter = "OracleNestedFlow")
public class OracleDownstreamFlow extends FlowSpec {
    @Step(next = "end")
    public void start() {}

    @Step
    public void end() {}
}
