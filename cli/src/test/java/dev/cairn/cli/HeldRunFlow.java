package dev.cairn.cli;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run that can be held alive: with {@code --gate FILE}, its hold step creates {@code FILE.started}, then
 * waits until {@code FILE} exists. A test kills the process while it waits, and opens the gate to resume.
 */
@Flow(project = "tests")
public class HeldRunFlow extends FlowSpec {
    @Parameter(help = "file the hold step waits for; empty: it does not wait")
    String gate = "";

    String released;

    @Step(next = "hold")
    public void start() {}

    @Step(next = "end")
    public void hold() throws Exception {
        if (!gate.isEmpty()) {
            Files.write(Path.of(gate + ".started"), new byte[0]);
            while (!Files.exists(Path.of(gate))) {
                Thread.sleep(5); // waiting on a file: the test kills the process or opens the gate
            }
        }
        released = "yes";
    }

    @Step
    public void end() {}
}
