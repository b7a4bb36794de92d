package dev.cairn.cli;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.util.List;
import java.util.stream.IntStream;

/** A foreach slow enough to be killed half way: work tasks take {@code --sleep} ms each. */
@Flow(project = "tests")
public class CrashFlow extends FlowSpec {
    @Parameter(help = "items") int items = 30;
    @Parameter(help = "ms per work task") int sleep = 150;

    List<Integer> numbers;
    long square;
    List<Long> squares;
    long total;

    @Step(foreach = "numbers", next = "work")
    public void start() {
        numbers = IntStream.range(0, items).boxed().toList();
    }

    @Step(next = "join")
    public void work() throws InterruptedException {
        Thread.sleep(sleep);
        long n = input(Integer.class);
        square = n * n;
        System.out.println("square of " + n + " is " + square);
    }

    @Step(next = "end")
    public void join(Inputs<CrashFlow> inputs) {
        squares = inputs.stream().map(i -> i.square).toList();
        total = squares.stream().mapToLong(Long::longValue).sum();
    }

    @Step
    public void end() {}
}
