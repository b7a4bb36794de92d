package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose process died, as the client reads it: by its lease, and by the marks of the runs that resumed it. */
class DeadRunStatusTest {
    private static final String BRANCH = "test.client";
    private static final Instant STARTED = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path root;

    private FlowDatastore ds;

    private void running(String run, Instant leaseUntil) throws Exception {
        ds.writeRun(new RunRecord(
                        "Scores",
                        "p1",
                        BRANCH,
                        run,
                        RunStatus.RUNNING,
                        Map.of(),
                        "c0de",
                        STARTED,
                        null,
                        null,
                        null,
                        null,
                        "tester")
                .leasedUntil(leaseUntil));
    }

    private FlowRuns flow() {
        return CairnClient.local(root, BRANCH).flow("Scores");
    }

    @BeforeEach
    void runs() throws Exception {
        ds = new FlowDatastore(new LocalObjectStore(root), "p1", BRANCH, "Scores");
        running("killed", STARTED.plusSeconds(30)); // long ago
        running("alive", Instant.now().plusSeconds(3600));
        running("cloud", null);
    }

    @Test
    void runningRecordWhoseLeaseRanOutIsDied() {
        assertEquals(RunStatus.DIED, flow().run("killed").status());
        assertEquals(RunStatus.RUNNING, flow().run("alive").status());
        assertEquals(RunStatus.RUNNING, flow().run("cloud").status(), "no lease: the record's own word");
    }

    @Test
    void deadRunsAreNotAmongTheRunningOnes() {
        assertEquals(
                List.of("killed"),
                flow().runs(RunStatus.DIED).stream().map(Run::id).toList());
        assertEquals(
                List.of("alive", "cloud"),
                flow().runs(RunStatus.RUNNING).stream().map(Run::id).sorted().toList());
    }

    @Test
    void runNamesTheRunsThatResumedIt() throws Exception {
        ds.markResumed("killed", "alive");

        assertEquals(List.of("alive"), flow().run("killed").resumedBy());
        assertEquals(List.of(), flow().run("alive").resumedBy());
    }
}
