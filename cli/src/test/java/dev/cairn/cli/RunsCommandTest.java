package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.testing.CairnExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsCommandTest {
    @TempDir
    Path root;

    private void writeRun(String flow, String run, int day, RunStatus status, String resumedFrom) throws Exception {
        Instant started = Instant.parse("2026-01-0" + day + "T10:00:00Z");
        new FlowDatastore(new LocalObjectStore(root), "p1", CairnExtension.BRANCH, flow)
                .writeRun(new RunRecord(
                        flow,
                        "p1",
                        CairnExtension.BRANCH,
                        run,
                        status,
                        Map.of("countries", day),
                        "c0de" + day,
                        started,
                        started.plusSeconds(90),
                        resumedFrom,
                        null,
                        null,
                        "tester"));
    }

    @BeforeEach
    void threeRuns() throws Exception {
        writeRun("Scores", "run-a", 1, RunStatus.FAILED, null);
        writeRun("Scores", "run-b", 2, RunStatus.SUCCEEDED, "run-a");
        writeRun("Scores", "run-c", 3, RunStatus.SUCCEEDED, null);
    }

    private List<String> rows(String out) {
        return out.lines().filter(l -> l.startsWith("  run-")).toList();
    }

    @Test
    void listsRunsNewestFirstWithStatusDurationParametersCodeAndResumedFrom() {
        CliRun result = CliRun.of(root, "runs", "Scores");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(
                result.out().startsWith("All runs of Scores (project p1, branch test.junit), newest first:\n"),
                result.out());
        List<String> rows = rows(result.out());
        assertEquals(3, rows.size(), result.out());
        assertTrue(
                rows.get(0)
                        .matches(
                                "  run-c  SUCCEEDED  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  1 min 30 s  countries=3  c0de3  -"),
                rows.get(0));
        assertTrue(rows.get(1).startsWith("  run-b  SUCCEEDED") && rows.get(1).endsWith("c0de2  run-a"), rows.get(1));
        assertTrue(rows.get(2).startsWith("  run-a  FAILED"), rows.get(2));
    }

    @Test
    void statusOptionKeepsOnlyRunsInThatState() {
        CliRun result = CliRun.of(root, "runs", "Scores", "--status", "failed");

        assertTrue(result.out().startsWith("Failed runs of Scores"), result.out());
        assertEquals(
                List.of("run-a"),
                rows(result.out()).stream().map(r -> r.strip().split(" ")[0]).toList());
    }

    @Test
    void limitShowsTheNewestRunsAndHowManyMore() {
        CliRun result = CliRun.of(root, "runs", "Scores", "-n", "1");

        assertEquals(1, rows(result.out()).size(), result.out());
        assertTrue(result.out().contains("... 2 more: cairn runs Scores -n 3\n"), result.out());
    }

    @Test
    void withoutAFlowListsTheFlowsAndTheirLatestRun() throws Exception {
        writeRun("Other", "run-x", 4, RunStatus.RUNNING, null);

        CliRun result = CliRun.of(root, "runs");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().lines().anyMatch(l -> l.matches("  Other +p1 +1 +run-x +RUNNING .*")), result.out());
        assertTrue(result.out().lines().anyMatch(l -> l.matches("  Scores +p1 +3 +run-c +SUCCEEDED .*")), result.out());
    }

    @Test
    void unknownFlowExitsWithTwoListingTheFlows() {
        CliRun result = CliRun.of(root, "runs", "Scorez");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("cairn: no flow Scorez on branch test.junit"), result.err());
        assertTrue(result.err().contains("the flows there are [Scores]"), result.err());
    }

    @Test
    void unknownStatusExitsWithTwo() {
        CliRun result = CliRun.of(root, "runs", "Scores", "--status", "done");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(
                result.err()
                        .contains("--status done is not a run state; use one of [running, succeeded, failed, died]"),
                result.err());
        assertFalse(result.out().contains("run-"), result.out());
    }

    @Test
    void missingDatastoreExitsWithTwoSayingWhereItLooked() {
        CliRun result = CliRun.of(root.resolve("nowhere"), "runs", "Scores");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("no datastore at " + root.resolve("nowhere")), result.err());
    }
}
