package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn show FLOW}: the graph before anything has run (no datastore needed). */
class ShowGraphTest {
    @TempDir
    Path root;

    @Test
    void aForeachFlowShowsParametersStepsInOrderTransitionsAndSettings() {
        CliRun result = CliRun.of(root, "show", "ForeachFlow");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("""
                Flow ForeachFlow (project tests)

                Parameters of ForeachFlow:
                  --width <int>                how many items (default: 4)
                  --failAt <int>               item that fails, -1 for none (default: -1)

                Steps (4, in order):

                  start
                      => work   (foreach: one task per item of items)

                  work   @Retry(times = 1, backoffSeconds = 0)
                      => join

                  join   join of start's foreach
                      => end

                  end
                      (end of the flow)

                Run it: cairn run ForeachFlow [--PARAMETER value ...]; its runs: cairn runs ForeachFlow
                """, result.out());
    }

    @Test
    void aBranchIsShownWithItsArmsAndItsJoin() {
        String out = CliRun.of(root, "show", "BranchFlow").out();

        assertTrue(out.contains("  start\n      => left, right   (branch: in parallel)\n"), out);
        assertTrue(out.contains("  join   join of start's branch\n"), out);
    }

    @Test
    void aTimeoutIsShownAsDeclared() {
        String out = CliRun.of(root, "show", "SlowFlow").out();

        assertTrue(out.contains("  start   @Timeout(seconds = 60)\n"), out);
        assertTrue(out.contains("Parameters of SlowFlow:\n  (none)\n"), out);
    }

    @Test
    void resourcesAndCatchAreShownAsTheirAnnotationsRead() {
        assertTrue(
                CliRun.of(root, "show", "GpuFlow")
                        .out()
                        .contains("  train   @Resources(cpu = 8, memoryMb = 32768, gpu = 1"),
                "GpuFlow's train");
        assertTrue(
                CliRun.of(root, "show", "CaughtFlow").out().contains("  risky   @Catch(var = \"failure\")\n"),
                "CaughtFlow's risky");
    }

    @Test
    void tasksPerChildAreShownAsTheBatchAnnotationReads() {
        String shown = CliRun.of(root, "show", "ChunkedForeachFlow").out();
        assertTrue(shown.contains("@Batch(tasksPerChild = 10)"), shown);
    }

    @Test
    void anUnknownFlowIsAUsageError() {
        CliRun result = CliRun.of(root, "show", "NoSuchFlow");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("no flow named NoSuchFlow"), result.err());
    }
}
