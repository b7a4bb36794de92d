package dev.cairn.testing.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Step;
import java.util.List;

/**
 * A branch inside a foreach: each item goes down a fast and a slow arm, {@code pick} keeps the smaller result, and
 * {@code collect} gathers the items' picks ({@code [10, 20, 30]}).
 */
@Flow(project = "tests")
public class BranchInForeachFlow extends FlowSpec {
    List<Integer> items;
    int item;
    int fast;
    int slow;
    int picked;
    List<Integer> picks;

    @Step(foreach = "items", next = "process")
    public void start() {
        items = List.of(1, 2, 3);
    }

    @Step(next = {"fast", "slow"})
    public void process() {
        item = input(Integer.class);
    }

    @Step(next = "pick")
    public void fast() {
        fast = item * 10;
    }

    @Step(next = "pick")
    public void slow() {
        slow = item * 100;
    }

    @Step(next = "collect")
    public void pick(Inputs<BranchInForeachFlow> inputs) {
        inputs.mergeArtifactsExcept(this, "fast", "slow");
        picked = Math.min(inputs.from("fast").fast, inputs.from("slow").slow);
    }

    @Step(next = "end")
    public void collect(Inputs<BranchInForeachFlow> inputs) {
        picks = inputs.stream().map(i -> i.picked).toList();
    }

    @Step
    public void end() {}
}
