package dev.cairn.runtime.local;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Step;
import java.util.List;

/**
 * Squares 1, 2 and 3 in a foreach and sums the squares (14) in a join that fails while {@link #broken}, as a bug does
 * until it is fixed: a run to resume whose earlier steps left one blob per task.
 */
@Flow(project = "tests")
public class FailsUntilFixedFlow extends FlowSpec {
    /** Set by the test: the join fails while it is true. */
    static volatile boolean broken = true;

    List<Integer> numbers;
    int number;
    int squared;
    int total;

    @Step(foreach = "numbers", next = "square")
    public void start() {
        numbers = List.of(1, 2, 3);
    }

    @Step(next = "sum")
    public void square() {
        number = input(Integer.class);
        squared = number * number;
    }

    @Step(next = "end")
    public void sum(Inputs<FailsUntilFixedFlow> inputs) {
        total = inputs.stream().mapToInt(input -> input.squared).sum();
        if (broken) {
            throw new IllegalStateException("sum is broken");
        }
    }

    @Step
    public void end() {}
}
