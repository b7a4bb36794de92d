package dev.cairn.oracle;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;

/** A branch (two arms in parallel) closed by a join: the oracle's Parallel execution. */
@Flow(project = "oracle")
public class OracleForkFlow extends FlowSpec {
    @Parameter(help = "base value")
    int base = 10;

    int left;
    int right;
    int sum;

    @Step(next = {"a", "b"})
    public void start() {}

    @Step(next = "join")
    public void a() {
        left = base + 1;
    }

    @Step(next = "join")
    public void b() {
        right = base * 2;
    }

    @Step(next = "end")
    public void join(Inputs<OracleForkFlow> inputs) {
        sum = inputs.from("a").left + inputs.from("b").right;
    }

    @Step
    public void end() {}
}
