package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.testing.flows.BranchInForeachFlow;
import dev.cairn.testing.flows.FailingFlow;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeHintTest {
    private static final Pattern FAILED_RUN = Pattern.compile("Run (\\S+) failed");

    @TempDir
    Path root;

    @Test
    void aFailureAfterAJoinHintsResumeFromTheJoin() {
        CliRun run = CliRun.of(root, "run", "FailsAfterJoinFlow");
        assertEquals(1, run.exitCode(), run.toString());
        String id = failedRun(run);
        assertTrue(run.err().contains("resume " + id + "\n"), run.toString());
        assertTrue(run.err().contains("resume " + id + " --from sum"), run.toString());
        assertTrue(run.err().contains("join `sum`"), run.toString());
    }

    @Test
    void aResumedRunThatFailsAgainStillHintsResumeFromTheJoin() {
        String first = failedRun(CliRun.of(root, "run", "FailsAfterJoinFlow"));
        CliRun resumed = CliRun.of(root, "resume", first);
        assertEquals(1, resumed.exitCode(), resumed.toString());
        String second = failedRun(resumed);
        assertFalse(second.equals(first), resumed.toString());
        assertTrue(resumed.err().contains("resume " + second + " --from sum"), resumed.toString());
    }

    @Test
    void aFailureWithNoJoinBeforeItHintsAPlainResume() {
        CliRun run = CliRun.of(root, "run", "FailingFlow");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains("resume " + failedRun(run)), run.toString());
        assertFalse(run.err().contains("--from"), run.toString());
    }

    @Test
    void theNearestJoinBeforeAStepIsTheLastOneOnItsWayFromStart() {
        FlowGraph graph = FlowGraph.of(BranchInForeachFlow.class);
        assertEquals(Optional.of("collect"), ResumeHint.nearestJoinBefore(graph, "end"));
        assertEquals(Optional.of("pick"), ResumeHint.nearestJoinBefore(graph, "collect"));
        assertEquals(Optional.empty(), ResumeHint.nearestJoinBefore(graph, "pick"), "a failed join is rerun anyway");
        assertEquals(Optional.empty(), ResumeHint.nearestJoinBefore(graph, "fast"));
        assertEquals(Optional.empty(), ResumeHint.nearestJoinBefore(FlowGraph.of(FailingFlow.class), "boom"));
    }

    private static String failedRun(CliRun run) {
        Matcher m = FAILED_RUN.matcher(run.err());
        assertTrue(m.find(), run.toString());
        return m.group(1);
    }
}
