package dev.cairn.bench;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The foreach benchmark: {@code start} fans out over {@code tasks} items, each {@code work} task
 * stores two small artifacts, and {@code join} reads them all back and checks their sum. What it
 * measures is the runtime's per-task cost (scheduling, records, small blobs), not user code.
 *
 * <pre>{@code
 * bench/local-foreach 20000
 * }</pre>
 */
@Flow(project = "bench")
public class ForeachBenchmarkFlow extends FlowSpec {
    @Parameter(help = "number of foreach tasks")
    int tasks = 1000;

    List<Integer> items;
    int value;
    String label;
    long total;
    int joined;

    /** The sum of {@code 2 * i} for {@code i} in {@code 0..n-1}, which {@code join} must find. */
    public static long expectedTotal(long n) {
        return n * (n - 1);
    }

    @Step(next = "work", foreach = "items")
    public void start() {
        if (tasks < 1) {
            throw new IllegalArgumentException("--tasks must be at least 1, got " + tasks);
        }
        List<Integer> list = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            list.add(i);
        }
        items = list;
    }

    @Step(next = "join")
    public void work() {
        int item = input(Integer.class);
        value = item * 2;
        label = "item-" + item;
    }

    @Step(next = "end")
    public void join(Inputs<ForeachBenchmarkFlow> inputs) {
        long sum = 0;
        int i = 0;
        for (ForeachBenchmarkFlow in : inputs) {
            if (!("item-" + i).equals(in.label)) {
                throw new IllegalStateException(
                        "input " + i + " of the join has label " + in.label + ", expected item-" + i);
            }
            sum += in.value;
            i++;
        }
        long expected = expectedTotal(tasks);
        if (inputs.size() != tasks || sum != expected) {
            throw new IllegalStateException("join saw " + inputs.size() + " inputs summing to " + sum + "; expected "
                    + tasks + " inputs summing to " + expected);
        }
        total = sum;
        joined = inputs.size();
    }

    @Step
    public void end() {}
}
