package dev.cairn.testing.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Fans out over the items {@code 0 .. width - 1} and joins their sum. The item {@code failAt} fails in every attempt
 * (none does by default), after one retry: for failure, retry and resume. {@code width=40} makes it a wide foreach.
 */
@Flow(project = "tests")
public class ForeachFlow extends FlowSpec {
    @Parameter(help = "how many items")
    int width = 4;

    @Parameter(help = "item that fails, -1 for none")
    int failAt = -1;

    List<Integer> items;
    int item;
    int total;

    @Step(next = "work", foreach = "items")
    public void start() {
        items = IntStream.range(0, width).boxed().toList();
    }

    @Step(next = "join")
    @Retry(times = 1, backoffSeconds = 0)
    public void work() {
        item = input(Integer.class);
        if (item == failAt) {
            throw new IllegalStateException("item " + item + " is bad");
        }
    }

    @Step(next = "end")
    public void join(Inputs<ForeachFlow> inputs) {
        total = inputs.stream().mapToInt(i -> i.item).sum();
    }

    @Step
    public void end() {}
}
