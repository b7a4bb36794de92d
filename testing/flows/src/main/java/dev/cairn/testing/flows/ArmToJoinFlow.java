package dev.cairn.testing.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Step;

/** A branch one of whose arms is the join itself: {@code start} goes to {@code work} and straight to {@code join}. */
@Flow(project = "tests")
public class ArmToJoinFlow extends FlowSpec {
    int base;
    int worked;
    int total;

    @Step(next = {"work", "join"})
    public void start() {
        base = 1;
    }

    @Step(next = "join")
    public void work() {
        worked = base * 10;
    }

    @Step(next = "end")
    public void join(Inputs<ArmToJoinFlow> inputs) {
        total = inputs.from("start").base + inputs.from("work").worked;
    }

    @Step
    public void end() {}
}
