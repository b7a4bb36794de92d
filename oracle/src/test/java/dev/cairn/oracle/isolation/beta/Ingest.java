package dev.cairn.oracle.isolation.beta;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;

/** Project beta's flow, named as project alpha's {@link dev.cairn.oracle.isolation.alpha.Ingest}, on another schedule. */
@Flow(project = "beta", schedule = "0 4 * * ? *")
public class Ingest extends FlowSpec {
    @Step(next = "end")
    public void start() {}

    @Step
    public void end() {}
}
