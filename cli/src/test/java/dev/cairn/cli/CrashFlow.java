package dev.cairn.cli;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A foreach that can be held half way, to be killed there: with {@code --gate FILE}, the work task of item
 * {@code holdFrom} and every later one first creates {@code FILE.started-<item>}, then waits until {@code FILE}
 * exists. A test kills the process once it sees the marker, and opens the gate before retrying or resuming.
 */
@Flow(project = "tests")
public class CrashFlow extends FlowSpec {
    @Parameter(help = "items")
    int items = 30;

    @Parameter(help = "gate file the held work tasks wait for; empty: none waits")
    String gate = "";

    @Parameter(help = "first item whose work task waits for the gate")
    int holdFrom = 0;

    List<Integer> numbers;
    long square;
    List<Long> squares;
    long total;

    @Step(foreach = "numbers", next = "work")
    public void start() {
        numbers = IntStream.range(0, items).boxed().toList();
    }

    @Step(next = "join")
    public void work() throws Exception {
        long n = input(Integer.class);
        if (!gate.isEmpty() && n >= holdFrom && !Files.exists(Path.of(gate))) {
            Path gateFile = Path.of(gate);
            Files.write(Path.of(gate + ".started-" + n), new byte[0]);
            while (!Files.exists(gateFile)) {
                Thread.sleep(5); // waiting on a file: no deadline, the test kills or opens it
            }
        }
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
