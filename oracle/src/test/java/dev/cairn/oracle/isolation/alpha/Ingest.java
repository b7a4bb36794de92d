package dev.cairn.oracle.isolation.alpha;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;

/**
 * Project alpha's scheduled flow. Project beta has a flow of the same name ({@link dev.cairn.oracle.isolation.beta.Ingest}):
 * the IAM evaluation proves that the project, not the flow name, keeps them apart.
 */
@Flow(project = "alpha", schedule = "0 3 * * ? *")
public class Ingest extends FlowSpec {
    @Step(next = "end")
    public void start() {}

    @Step
    public void end() {}
}
