package dev.cairn.runtime.cloud;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;
import java.util.List;

/** Fans out over four items; the item `failAt` fails (none by default): for failure, retry and resume. */
@Flow(project = "tests")
public class CloudFragile extends FlowSpec {
    @Parameter(help = "item that fails, -1 for none")
    int failAt = -1;

    List<Integer> items;
    int item;
    int total;

    @Step(next = "work", foreach = "items")
    public void start() {
        items = List.of(0, 1, 2, 3);
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
    public void join(Inputs<CloudFragile> inputs) {
        total = inputs.stream().mapToInt(i -> i.item).sum();
    }

    @Step
    public void end() {}
}
