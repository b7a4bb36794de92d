package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CairnClientTest {
    static final String BRANCH = "test.client";

    @TempDir
    Path root;

    /** Writes a finished run record, as a run of {@code project/flow} on {@code branch} would. */
    static RunRecord writeRun(
            Path root, String project, String branch, String flow, String run, Instant started, RunStatus status)
            throws Exception {
        RunRecord record = new RunRecord(
                flow,
                project,
                branch,
                run,
                status,
                Map.of("n", 1),
                "c0de",
                started,
                started.plusSeconds(3),
                null,
                null,
                null,
                "tester");
        new FlowDatastore(new LocalObjectStore(root), project, branch, flow).writeRun(record);
        return record;
    }

    private CairnClient client() {
        return CairnClient.local(root, BRANCH);
    }

    @Test
    void flowsListsTheFlowsOfTheBranchInEveryProjectByName() throws Exception {
        writeRun(root, "p1", BRANCH, "Zeta", "r1", Instant.parse("2026-01-01T00:00:00Z"), RunStatus.SUCCEEDED);
        writeRun(root, "p2", BRANCH, "Alpha", "r1", Instant.parse("2026-01-01T00:00:00Z"), RunStatus.SUCCEEDED);
        writeRun(root, "p1", "user.other", "Other", "r1", Instant.parse("2026-01-01T00:00:00Z"), RunStatus.SUCCEEDED);

        List<FlowRuns> flows = client().flows();

        assertEquals(
                List.of("p2/Alpha", "p1/Zeta"),
                flows.stream().map(FlowRuns::toString).toList());
    }

    @Test
    void flowFindsAFlowByItsNameInWhicheverProjectHoldsIt() throws Exception {
        writeRun(root, "p1", BRANCH, "Scores", "r1", Instant.parse("2026-01-01T00:00:00Z"), RunStatus.SUCCEEDED);

        FlowRuns flow = client().flow("Scores");

        assertEquals("p1", flow.project());
        assertEquals(List.of("r1"), flow.runs().stream().map(Run::id).toList());
    }

    @Test
    void unknownFlowIsAnErrorListingTheFlowsThatExist() throws Exception {
        writeRun(root, "p1", BRANCH, "Scores", "r1", Instant.parse("2026-01-01T00:00:00Z"), RunStatus.SUCCEEDED);

        NotFoundException e = assertThrows(NotFoundException.class, () -> client().flow("Scorez"));

        assertTrue(e.getMessage().contains("no flow Scorez"), e.getMessage());
        assertTrue(e.getMessage().contains("[Scores]"), e.getMessage());
    }

    @Test
    void flowNameInTwoProjectsIsAmbiguousUntilTheProjectIsGiven() throws Exception {
        writeRun(root, "p1", BRANCH, "Same", "r1", Instant.parse("2026-01-01T00:00:00Z"), RunStatus.SUCCEEDED);
        writeRun(root, "p2", BRANCH, "Same", "r2", Instant.parse("2026-01-01T00:00:00Z"), RunStatus.SUCCEEDED);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client().flow("Same"));

        assertTrue(e.getMessage().contains("several projects [p1, p2]"), e.getMessage());
        assertTrue(e.getMessage().contains("p1/Same"), e.getMessage());
        assertEquals("r2", client().flow("p2/Same").run("latest").id());
    }

    @Test
    void findRunFindsTheFlowThatHoldsARunId() throws Exception {
        writeRun(root, "p1", BRANCH, "First", "r1", Instant.parse("2026-01-01T00:00:00Z"), RunStatus.SUCCEEDED);
        writeRun(root, "p2", BRANCH, "Second", "r2", Instant.parse("2026-01-01T00:00:00Z"), RunStatus.FAILED);

        Run run = client().findRun("r2").orElseThrow();

        assertEquals("Second", run.flow());
        assertEquals(RunStatus.FAILED, run.status());
        assertTrue(client().findRun("r3").isEmpty());
    }

    @Test
    void findRunOfAnIdInSeveralFlowsAsksForTheFlow() throws Exception {
        writeRun(root, "p1", BRANCH, "First", "r1", Instant.parse("2026-01-01T00:00:00Z"), RunStatus.SUCCEEDED);
        writeRun(root, "p1", BRANCH, "Second", "r1", Instant.parse("2026-01-01T00:00:00Z"), RunStatus.SUCCEEDED);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client().findRun("r1"));

        assertTrue(e.getMessage().contains("give FLOW/r1"), e.getMessage());
    }

    @Test
    void localClientOverAMissingFolderSaysSoAndCreatesNothing() {
        Path missing = root.resolve("nowhere");

        NotFoundException e = assertThrows(NotFoundException.class, () -> CairnClient.local(missing, BRANCH));

        assertTrue(e.getMessage().contains("no datastore at " + missing), e.getMessage());
        assertFalse(Files.exists(missing));
    }
}
