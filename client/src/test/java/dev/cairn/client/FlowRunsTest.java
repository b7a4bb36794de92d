package dev.cairn.client;

import static dev.cairn.client.CairnClientTest.writeRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowRunsTest {
    private static final String P = "p1";
    private static final String B = CairnClientTest.BRANCH;

    @TempDir
    Path root;

    private FlowRuns flow;

    @BeforeEach
    void threeRunsWhoseIdsDoNotSortByStartTime() throws Exception {
        writeRun(root, P, B, "Scores", "b-middle", Instant.parse("2026-01-02T00:00:00Z"), RunStatus.SUCCEEDED);
        writeRun(root, P, B, "Scores", "c-oldest", Instant.parse("2026-01-01T00:00:00Z"), RunStatus.SUCCEEDED);
        writeRun(root, P, B, "Scores", "a-newest", Instant.parse("2026-01-03T00:00:00Z"), RunStatus.FAILED);
        flow = CairnClient.local(root, B).flow("Scores");
    }

    @Test
    void runsAreNewestFirstByStartTime() {
        assertEquals(
                List.of("a-newest", "b-middle", "c-oldest"),
                flow.runs().stream().map(Run::id).toList());
    }

    @Test
    void latestIsTheNewestRunWhateverItsStatus() {
        assertEquals("a-newest", flow.latest().orElseThrow().id());
        assertEquals("a-newest", flow.run("latest").id());
    }

    @Test
    void latestSuccessfulSkipsFailedRuns() {
        assertEquals("b-middle", flow.latestSuccessful().orElseThrow().id());
    }

    @Test
    void latestSuccessfulIsAWordForARunIdLikeLatest() {
        assertEquals("b-middle", flow.run(FlowRuns.LATEST_SUCCESSFUL).id());
    }

    @Test
    void latestSuccessfulOfAFlowWhoseRunsAllFailedSaysWhatTheLatestIs() throws Exception {
        writeRun(root, P, B, "Broken", "only", Instant.parse("2026-01-01T00:00:00Z"), RunStatus.FAILED);

        NotFoundException e = assertThrows(
                NotFoundException.class,
                () -> CairnClient.local(root, B).flow("Broken").run("latest-successful"));

        assertTrue(
                e.getMessage().startsWith("flow Broken has no run that succeeded on branch " + B)
                        && e.getMessage().contains("(the latest, only, is FAILED)"),
                e.getMessage());
    }

    @Test
    void runsCanBeFilteredByStatus() {
        assertEquals(
                List.of("b-middle", "c-oldest"),
                flow.runs(RunStatus.SUCCEEDED).stream().map(Run::id).toList());
        assertEquals(List.of(), flow.runs(RunStatus.RUNNING));
    }

    @Test
    void runByIdReadsItsRecord() {
        Run run = flow.run("c-oldest");

        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), run.startedAt());
        assertEquals(3, run.duration().orElseThrow().toSeconds());
        assertEquals("c0de", run.codeVersion());
        assertEquals(1, run.parameters().get("n"));
    }

    @Test
    void unknownRunIsAnErrorListingRecentRuns() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> flow.run("20990101-000000-000000"));

        assertTrue(e.getMessage().contains("has no run 20990101-000000-000000"), e.getMessage());
        assertTrue(e.getMessage().contains("c-oldest") && e.getMessage().contains("a-newest"), e.getMessage());
    }

    @Test
    void latestOfAFlowWithoutRunsIsAnError() throws Exception {
        writeRun(root, P, "other.branch", "Empty", "r1", Instant.parse("2026-01-01T00:00:00Z"), RunStatus.SUCCEEDED);
        new dev.cairn.datastore.LocalObjectStore(root).put(P + "/" + B + "/Empty/data/placeholder", new byte[0]);
        FlowRuns empty = CairnClient.local(root, B).flow("Empty");

        NotFoundException e = assertThrows(NotFoundException.class, () -> empty.run("latest"));

        assertTrue(e.getMessage().contains("Empty has no runs"), e.getMessage());
    }
}
