package dev.cairn.cli;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.util.List;

/**
 * A join that succeeds and a step after it that fails: the shape of a join that passed on a wrong value, which a
 * plain resume reuses. {@code check} fails while {@code --fail} is true.
 */
@Flow(project = "tests")
public class FailsAfterJoinFlow extends FlowSpec {
    @Parameter(help = "whether check fails")
    boolean fail = true;

    List<Integer> items;
    int item;
    int square;
    int total;

    @Step(foreach = "items", next = "square")
    public void start() {
        items = List.of(1, 2, 3);
    }

    @Step(next = "sum")
    public void square() {
        item = input(Integer.class);
        square = item * item;
    }

    @Step(next = "check")
    public void sum(Inputs<FailsAfterJoinFlow> inputs) {
        total = inputs.stream().mapToInt(i -> i.square).sum();
        inputs.mergeArtifactsExcept(this, "item", "square");
    }

    @Step(next = "end")
    public void check() {
        if (fail) {
            throw new IllegalStateException("total " + total + " looks wrong");
        }
    }

    @Step
    public void end() {}
}
