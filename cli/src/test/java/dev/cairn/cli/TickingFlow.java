package dev.cairn.cli;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A step that prints a line per tick, each with the time it was printed, at a pace its test sets: after tick
 * {@code i} it waits for the file {@code GATES/i}, which the test creates once it has seen the line. After the
 * last tick it prints a line without a newline and waits for one more gate, so the test can kill it there.
 */
@Flow(project = "tests")
public class TickingFlow extends FlowSpec {
    static final String TICK = "tick ";
    static final String WAITING = "waiting for the last gate";

    @Parameter(help = "lines to print")
    int ticks = 3;

    @Parameter(help = "folder of the gate files")
    String gates = "";

    @Step(next = "end")
    public void start() throws InterruptedException {
        for (int i = 0; i < ticks; i++) {
            System.out.println(TICK + i + " printed at " + System.currentTimeMillis());
            awaitGate(i);
        }
        System.out.print(WAITING);
        awaitGate(ticks);
    }

    private void awaitGate(int i) throws InterruptedException {
        Path gate = Path.of(gates, Integer.toString(i));
        while (!Files.exists(gate)) {
            Thread.sleep(5); // waiting on a file: no deadline, the test opens it or kills the process
        }
    }

    @Step
    public void end() {}
}
