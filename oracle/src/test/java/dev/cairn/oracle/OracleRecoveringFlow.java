package dev.cairn.oracle;

import dev.cairn.flow.Catch;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import dev.cairn.flow.StepError;
import java.util.List;

/**
 * A foreach whose `work` fails while {@link #broken} is set (the test repairs it between executions)
 * and a `risky` step whose failure is caught: the oracle's resume and catch executions.
 */
@Flow(project = "oracle")
public class OracleRecoveringFlow extends FlowSpec {
    static volatile boolean broken = true;

    List<Integer> items;
    int doubled;
    int total;
    StepError riskyError;

    @Step(foreach = "items", next = "work")
    public void start() {
        items = List.of(1, 2, 3);
    }

    @Step(next = "join")
    public void work() {
        if (broken) {
            throw new IllegalStateException("work is broken");
        }
        doubled = 2 * input(Integer.class);
    }

    @Step(next = "risky")
    public void join(dev.cairn.flow.Inputs<OracleRecoveringFlow> inputs) {
        total = inputs.stream().mapToInt(i -> i.doubled).sum();
    }

    @Step(next = "end")
    @Catch(var = "riskyError")
    public void risky() {
        throw new ArithmeticException("risky always fails, and is caught");
    }

    @Step
    public void end() {}
}
