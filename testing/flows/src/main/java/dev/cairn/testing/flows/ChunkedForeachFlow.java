package dev.cairn.testing.flows;

import dev.cairn.flow.Batch;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Resources;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Fans out over {@code 0 .. width - 1} in array children of 10 tasks, two at a time on a child's two vCPUs, and
 * joins their sum. The item {@code flakyAt} fails in its first attempt only, {@code failAt} in every attempt (none
 * by default): what a child's retry reruns and what it keeps.
 */
@Flow(project = "tests")
public class ChunkedForeachFlow extends FlowSpec {
    @Parameter(help = "how many items")
    int width = 25;

    @Parameter(help = "item that fails in its first attempt only, -1 for none")
    int flakyAt = -1;

    @Parameter(help = "item that fails in every attempt, -1 for none")
    int failAt = -1;

    List<Integer> items;
    int item;
    int total;

    @Step(next = "work", foreach = "items")
    public void start() {
        items = IntStream.range(0, width).boxed().toList();
    }

    @Step(next = "join")
    @Batch(tasksPerChild = 10)
    @Resources(cpu = 2)
    @Retry(times = 1, backoffSeconds = 0)
    public void work() {
        item = input(Integer.class);
        System.out.println("item " + item + ", attempt " + current().attempt() + ", thread "
                + Thread.currentThread().getName());
        if (item == failAt || (item == flakyAt && current().attempt() == 1)) {
            throw new IllegalStateException(
                    "item " + item + " fails in attempt " + current().attempt());
        }
    }

    @Step(next = "end")
    public void join(Inputs<ChunkedForeachFlow> inputs) {
        total = inputs.stream().mapToInt(i -> i.item).sum();
    }

    @Step
    public void end() {}
}
