package dev.cairn.testing.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;

/**
 * Two arms side by side, joined: the join merges {@code shared}, on which the arms agree, and adds what each arm
 * made ({@code sum} is {@code (base + 1) + base * 2}).
 */
@Flow(project = "tests")
public class BranchFlow extends FlowSpec {
    @Parameter(help = "value both arms start from")
    int base = 10;

    String shared;
    int left;
    int right;
    int sum;

    @Step(next = {"left", "right"})
    public void start() {
        shared = "same";
    }

    @Step(next = "join")
    public void left() {
        left = base + 1;
    }

    @Step(next = "join")
    public void right() {
        right = base * 2;
    }

    @Step(next = "end")
    public void join(Inputs<BranchFlow> inputs) {
        inputs.mergeArtifactsExcept(this, "left", "right");
        sum = inputs.from("left").left + inputs.from("right").right;
    }

    @Step
    public void end() {}
}
