package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.flows.ForeachFlow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flow's one-line main ({@code CairnCli.main(MyFlow.class, args)}) is the cairn command with the flow named. */
class FlowMainTest {
    @TempDir
    Path datastore;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int main(String... args) {
        var cli = CairnCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return CairnCli.execute(ForeachFlow.class, cli, args);
    }

    @Test
    void runsTheFlowWithItsParametersThenShowsItsLatestRun() {
        assertEquals(0, main("run", "--width", "3", "--datastore", datastore.toString()), err.toString());
        assertTrue(out.toString().contains("succeeded"), out.toString());

        assertEquals(0, main("show", "latest/join", "--datastore", datastore.toString()), err.toString());
        assertTrue(out.toString().contains("total"), out.toString());
    }

    @Test
    void namesTheFlowInEachCommandsTarget() {
        assertEquals(
                List.of("run", "dev.cairn.testing.flows.ForeachFlow", "--width", "3"),
                arguments("run", "--width", "3"));
        assertEquals(List.of("runs", "ForeachFlow", "--status", "failed"), arguments("runs", "--status", "failed"));
        assertEquals(List.of("show", "ForeachFlow/latest/join"), arguments("show", "latest/join"));
        assertEquals(List.of("show", "ForeachFlow/latest"), arguments("show"));
        assertEquals(List.of("card", "ForeachFlow/latest", "--out", "c.html"), arguments("card", "--out", "c.html"));
        assertEquals(
                List.of("resume", "ForeachFlow/20261126-061504-5edc61"), arguments("resume", "20261126-061504-5edc61"));
        assertEquals(List.of("logs", "ForeachFlow/latest/work/0-1"), arguments("logs", "ForeachFlow/latest/work/0-1"));
    }

    @Test
    void withoutACommandPrintsWhatToType() {
        assertEquals(CairnCli.USAGE, main());
        assertTrue(err.toString().contains("dev.cairn.testing.flows.ForeachFlow run"), err.toString());
        assertEquals(0, main("--help"));
        assertTrue(out.toString().contains("show [RUN[/STEP[/TASK]]]"), out.toString());
    }

    private static List<String> arguments(String... args) {
        Optional<List<String>> cairn = FlowMainArguments.of(ForeachFlow.class, List.of(args));
        return cairn.orElseThrow();
    }
}
