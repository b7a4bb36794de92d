package dev.cairn.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cairn.formats.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's lease, what readers make of it, and the marks of the runs that resumed a run. */
class RunRecordTest {
    private static final Instant START = Instant.parse("2026-11-26T06:15:00Z");

    @TempDir
    Path root;

    private static RunRecord running(Instant leaseUntil) {
        return new RunRecord(
                        "F", "p", "b", "r1", RunStatus.RUNNING, Map.of(), "c0de", START, null, null, null, null, "me")
                .leasedUntil(leaseUntil);
    }

    @Test
    void runningRecordIsRunningUntilItsLeasePassesAndDiedAfter() {
        RunRecord run = running(START.plusSeconds(30));
        assertEquals(RunStatus.RUNNING, run.statusAt(START.plusSeconds(30)));
        assertEquals(RunStatus.DIED, run.statusAt(START.plusSeconds(31)));
    }

    @Test
    void endedRunIsNeverDiedWhateverItsLease() {
        RunRecord ended =
                running(START.plusSeconds(30)).finished(RunStatus.SUCCEEDED, START.plusSeconds(5), null, null);
        assertEquals(RunStatus.SUCCEEDED, ended.statusAt(START.plusSeconds(3600)));
    }

    @Test
    void runWithoutALeaseIsTakenAtItsWord() {
        RunRecord cloud = running(null);
        assertEquals(RunStatus.RUNNING, cloud.statusAt(START.plusSeconds(365L * 24 * 3600)));
    }

    @Test
    void runJsonWrittenBeforeLeasesIsReadWithoutOne() throws Exception {
        String old = """
                {"flow":"F","project":"p","branch":"b","run":"r1","status":"RUNNING","parameters":{"n":3},\
                "codeVersion":"c0de","startedAt":"2026-11-26T06:15:00Z","user":"me"}""";
        RunRecord read = Json.RECORDS.readValue(old.getBytes(StandardCharsets.UTF_8), RunRecord.class);
        assertNull(read.leaseUntil());
        assertEquals(Map.of("n", 3), read.parameters());
        assertEquals(RunStatus.RUNNING, read.statusAt(START.plusSeconds(3600)));
    }

    @Test
    void leaseRoundTripsThroughTheDatastore() throws Exception {
        var ds = new FlowDatastore(new LocalObjectStore(root), "p", "b", "F");
        ds.writeRun(running(START.plusSeconds(30)));
        assertEquals(START.plusSeconds(30), ds.readRun("r1").orElseThrow().leaseUntil());
    }

    @Test
    void resumedMarksListTheLaterRunsAndAreNoStep() throws Exception {
        var ds = new FlowDatastore(new LocalObjectStore(root), "p", "b", "F");
        ds.writeRun(running(START.plusSeconds(30)));
        ds.markResumed("r1", "r3");
        ds.markResumed("r1", "r2");
        assertEquals(List.of("r2", "r3"), ds.resumedBy("r1"));
        assertEquals(List.of(), ds.resumedBy("r2"));
        assertEquals(List.of(), ds.steps("r1"));
        assertEquals(
                running(START.plusSeconds(30)), ds.readRun("r1").orElseThrow(), "the run's own record is unchanged");
    }
}
