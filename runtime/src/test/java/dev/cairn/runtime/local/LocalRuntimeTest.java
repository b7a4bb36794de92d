package dev.cairn.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.testing.flows.BranchFlow;
import dev.cairn.testing.flows.CaughtFlow;
import dev.cairn.testing.flows.FailingFlow;
import dev.cairn.testing.flows.FlakyFlow;
import dev.cairn.testing.flows.GridFlow;
import dev.cairn.testing.flows.SlowFlow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRuntimeTest {
    @TempDir
    Path root;

    private RunOptions options() {
        return RunOptions.defaults()
                .withDatastore(root)
                .withBranch("test.local")
                .withMaxWorkers(4);
    }

    private Object artifact(FlowGraph graph, RunRecord run, String step, String task, String name) throws Exception {
        FlowDatastore ds = LocalRuntime.datastore(graph, options());
        TaskRecord record = ds.latestTask(run.run(), step, task).orElseThrow();
        return new ArtifactStore(ds.blobs(), Codecs.discover(getClass().getClassLoader()))
                .read(record.artifacts().get(name), Object.class)
                .value();
    }

    @Test
    void nestedForeachRunsEveryTaskAndJoinsInOrder() throws Exception {
        FlowGraph graph = FlowGraph.of(GridFlow.class);
        RunRecord run = LocalRuntime.run(graph, Map.of("outer", "3", "inner", "4"), options());
        assertEquals(RunStatus.SUCCEEDED, run.status());
        FlowDatastore ds = LocalRuntime.datastore(graph, options());
        assertEquals(12, ds.taskIds(run.run(), "cell").size());
        assertEquals(List.of("0-0", "0-1", "0-2"), ds.taskIds(run.run(), "joinRow"));
        Object table = artifact(graph, run, "end", "0", "table");
        assertEquals(
                Map.of("r0", List.of(0, 1, 2, 3), "r1", List.of(100, 101, 102, 103), "r2", List.of(200, 201, 202, 203)),
                table);
    }

    @Test
    void branchJoinMergesEqualArtifacts() throws Exception {
        FlowGraph graph = FlowGraph.of(BranchFlow.class);
        RunRecord run = LocalRuntime.run(graph, Map.of(), options());
        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertEquals(31, artifact(graph, run, "end", "0", "sum"));
        assertEquals("same", artifact(graph, run, "end", "0", "shared"));
    }

    @Test
    void failingStepIsRetriedThenSucceeds() throws Exception {
        FlowGraph graph = FlowGraph.of(FlakyFlow.class);
        RunRecord run = LocalRuntime.run(graph, Map.of(), options());
        assertEquals(RunStatus.SUCCEEDED, run.status());
        FlowDatastore ds = LocalRuntime.datastore(graph, options());
        assertEquals(2, ds.latestTask(run.run(), "start", "0").orElseThrow().attempt());
        assertEquals(
                "flaky 1",
                ds.readTask(run.run(), "start", "0", 0).orElseThrow().error().message());
    }

    @Test
    void stepThatKeepsFailingFailsTheRunNamingStepTaskAndException() throws Exception {
        FlowGraph graph = FlowGraph.of(FailingFlow.class);
        RunRecord run = LocalRuntime.run(graph, Map.of(), options());
        assertEquals(RunStatus.FAILED, run.status());
        assertEquals("boom/0/1", run.failedTask());
        assertEquals("java.lang.ArithmeticException", run.error().type());
        assertEquals("model diverged", run.error().message());
        FlowDatastore ds = LocalRuntime.datastore(graph, options());
        assertTrue(ds.taskIds(run.run(), "end").isEmpty());
        TaskRecord failed = ds.latestTask(run.run(), "boom", "0").orElseThrow();
        assertEquals("about to fail\n", new String(ds.blobs().get(failed.stderr())));
    }

    @Test
    void caughtFailureLetsTheRunContinueWithTheErrorRecorded() throws Exception {
        FlowGraph graph = FlowGraph.of(CaughtFlow.class);
        RunRecord run = LocalRuntime.run(graph, Map.of(), options());
        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertEquals("saw bad row 7", artifact(graph, run, "end", "0", "after"));
        TaskRecord risky = LocalRuntime.datastore(graph, options())
                .latestTask(run.run(), "risky", "0")
                .orElseThrow();
        assertNotNull(risky.error());
        assertEquals("java.lang.IllegalArgumentException", risky.error().type());
    }

    @Test
    void stepOverItsTimeoutFails() throws Exception {
        FlowGraph graph = FlowGraph.of(SlowFlow.class);
        long t0 = System.nanoTime();
        RunRecord run = LocalRuntime.run(graph, Map.of(), options());
        assertEquals(RunStatus.FAILED, run.status());
        assertEquals("java.util.concurrent.TimeoutException", run.error().type());
        assertTrue((System.nanoTime() - t0) / 1e9 < 150, "the run must not wait for the sleeping step");
    }

    @Test
    void resumeFromAStepRerunsItAndEverythingAfterReusingWhatCameBefore() throws Exception {
        FlowGraph graph = FlowGraph.of(GridFlow.class);
        RunRecord original = LocalRuntime.run(graph, Map.of("outer", "2", "inner", "3"), options());
        RunRecord resumed = LocalRuntime.resume(graph, original.run(), java.util.Optional.of("joinRow"), options());
        assertEquals(RunStatus.SUCCEEDED, resumed.status());
        assertEquals(original.run(), resumed.resumedFrom());
        assertEquals(original.parameters(), resumed.parameters());
        FlowDatastore ds = LocalRuntime.datastore(graph, options());
        for (TaskRecord cell : ds.latestTasks(resumed.run(), "cell")) {
            assertEquals(
                    original.run() + "/cell/" + cell.task() + "/0",
                    cell.clonedFrom(),
                    "cells come before joinRow: reused");
        }
        for (String step : List.of("joinRow", "joinAll", "end")) {
            assertTrue(
                    ds.latestTasks(resumed.run(), step).stream().allMatch(t -> t.clonedFrom() == null),
                    step + " ran again");
        }
        assertEquals(artifact(graph, original, "end", "0", "table"), artifact(graph, resumed, "end", "0", "table"));
    }

    @Test
    void resumeOfAFailedRunRerunsOnlyTheFailedStepOnward() throws Exception {
        FlowGraph graph = FlowGraph.of(FailingFlow.class);
        RunRecord failed = LocalRuntime.run(graph, Map.of(), options());
        RunRecord again = LocalRuntime.resume(graph, failed.run(), java.util.Optional.empty(), options());
        FlowDatastore ds = LocalRuntime.datastore(graph, options());
        assertEquals(
                failed.run() + "/start/0/0",
                ds.latestTask(again.run(), "start", "0").orElseThrow().clonedFrom());
        assertEquals(RunStatus.FAILED, again.status(), "boom still fails, and was run again");
        assertEquals(null, ds.latestTask(again.run(), "boom", "0").orElseThrow().clonedFrom());
    }
}
