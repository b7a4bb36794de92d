package dev.cairn.runtime.bench;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/** A foreach of {@code width} small tasks and their join, which notes when its code starts: bench/cloud-join. */
@Flow(project = "bench")
public class CloudJoinBenchFlow extends FlowSpec {
    /** {@link System#nanoTime()} when the join's code began, 0 before. */
    static final AtomicLong JOIN_CODE_STARTED = new AtomicLong();

    @Parameter(help = "how many tasks the foreach starts")
    int width = 100;

    List<Integer> items;
    int item;
    long total;

    @Step(foreach = "items", next = "work")
    public void start() {
        items = IntStream.range(0, width).boxed().toList();
    }

    @Step(next = "join")
    public void work() {
        item = input(Integer.class);
    }

    @Step(next = "end")
    public void join(Inputs<CloudJoinBenchFlow> inputs) {
        JOIN_CODE_STARTED.set(System.nanoTime());
        total = inputs.stream().mapToLong(i -> i.item).sum();
    }

    @Step
    public void end() {}
}
