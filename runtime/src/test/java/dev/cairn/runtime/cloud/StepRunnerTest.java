package dev.cairn.runtime.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.testing.flows.ForeachFlow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StepRunner} driven as Batch would, with the Batch environment given explicitly. */
class StepRunnerTest {
    @TempDir
    Path root;

    private final FlowGraph graph = FlowGraph.of(ForeachFlow.class);
    private final StringWriter err = new StringWriter();

    private FlowDatastore ds() throws Exception {
        return new FlowDatastore(new LocalObjectStore(root), graph.project(), "test.cloud", graph.name());
    }

    private int step(Map<String, String> env, StepRequest request) throws Exception {
        return new StepRunner(graph, ds(), env, new PrintWriter(new StringWriter()), new PrintWriter(err)).run(request);
    }

    /** ForeachFlow's few tasks: the plan gives each child one. */
    private static StepRequest chunk(String run, String step, int offset) {
        return StepRequest.chunk(run, step, offset, 1);
    }

    private static StepRequest plan(String run, String step) {
        return StepRequest.plan(run, step);
    }

    private static Map<String, String> child(int index, int attempt) {
        return Map.of(StepRunner.ARRAY_INDEX, String.valueOf(index), StepRunner.JOB_ATTEMPT, String.valueOf(attempt));
    }

    @Test
    void batchAttemptTwoIsRecordedAsAttemptOneAndTheLastFailureFailsTheRun() throws Exception {
        assertEquals(0, step(Map.of(), StepRequest.task("r1", "start", "0").withParameters("{\"failAt\": 1}")));
        assertEquals(0, step(Map.of(), plan("r1", "work")));

        assertEquals(0, step(child(0, 2), chunk("r1", "work", 0)));
        TaskRecord retried = ds().latestTask("r1", "work", "0-0").orElseThrow();
        assertEquals(1, retried.attempt());
        assertTrue(retried.succeeded());

        assertEquals(1, step(child(1, 1), chunk("r1", "work", 0)));
        assertEquals(RunStatus.RUNNING, ds().readRun("r1").orElseThrow().status(), "a retry is left");
        assertTrue(err.toString().contains("step work, task 0-1 (attempt 1) of run r1 failed"), err.toString());
        assertTrue(err.toString().contains("java.lang.IllegalStateException: item 1 is bad"), err.toString());

        assertEquals(1, step(child(1, 2), chunk("r1", "work", 0)));
        RunRecord failed = ds().readRun("r1").orElseThrow();
        assertEquals(RunStatus.FAILED, failed.status());
        assertEquals("work/0-1/1", failed.failedTask());
        assertNotNull(failed.finishedAt());
    }

    /** Step Functions retries a whole array job: each child numbers its attempt by the retry count it is given. */
    @Test
    void stepFunctionsRetriesNumberTheAttemptAndAnArrayRetryRunsOnlyWhatFailed() throws Exception {
        assertEquals(0, step(Map.of(), StepRequest.task("r1", "start", "0").withParameters("{\"failAt\": 1}")));
        assertEquals(0, step(Map.of(), plan("r1", "work")));
        assertEquals(0, step(child(0, 1), retried("r1", "work", 0)));
        assertEquals(1, step(child(1, 1), retried("r1", "work", 0)));

        // the retry: Batch numbers every job attempt 1; the retry count says which attempt it is
        assertEquals(0, step(child(0, 1), retried("r1", "work", 1)));
        assertEquals(List.of(0), ds().attempts("r1", "work", "0-0"), "a task that succeeded does not run again");
        assertEquals(1, step(child(1, 1), retried("r1", "work", 1)));
        assertEquals(List.of(0, 1), ds().attempts("r1", "work", "0-1"));
        assertEquals(RunStatus.FAILED, ds().readRun("r1").orElseThrow().status(), "the last retry failed the run");
    }

    @Test
    void recordFailureFailsARunStillRunningAndKeepsAFailureATaskRecorded() throws Exception {
        assertEquals(0, step(Map.of(), StepRequest.task("r1", "start", "0").withParameters("{}")));
        StepRunner runner =
                new StepRunner(graph, ds(), Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, runner.recordFailure("r1", "States.Timeout"));
        RunRecord failed = ds().readRun("r1").orElseThrow();
        assertEquals(RunStatus.FAILED, failed.status());
        assertEquals("States.Timeout", failed.error().type());
        assertNotNull(failed.finishedAt());

        assertEquals(0, runner.recordFailure("r1", "States.TaskFailed"));
        assertEquals("States.Timeout", ds().readRun("r1").orElseThrow().error().type(), "the first word stays");

        assertEquals(0, runner.recordFailure("r2", "States.TaskFailed"));
        assertTrue(ds().readRun("r2").isEmpty(), "a run whose start never ran gets no record");
        assertTrue(err.toString().contains("run r2 has no run record"), err.toString());
    }

    private static StepRequest retried(String run, String step, int retryCount) {
        return new StepRequest(run, step, null, false, 0, null, null, null, false, 0, 1, retryCount);
    }

    @Test
    void badParametersAreRefusedBeforeAnythingIsWritten() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> step(Map.of(), StepRequest.task("r1", "start", "0").withParameters("{\"failAt\": \"often\"}")));
        assertTrue(e.getMessage().contains("--failAt expects an int, got 'often'"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> step(Map.of(), StepRequest.task("r1", "start", "0").withParameters("{\"failAt\": [1]}")));
        assertTrue(e.getMessage().contains("--failAt must be a string, number or boolean"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> step(Map.of(), StepRequest.task("r1", "work", "0-0").withParameters("{}")));
        assertTrue(e.getMessage().contains("start step only"), e.getMessage());
        assertFalse(Files.exists(root.resolve("tests")), "nothing was written");
    }

    @Test
    void resumeClonesWhatSucceededAndRunsTheRest() throws Exception {
        assertEquals(0, step(Map.of(), StepRequest.task("r1", "start", "0").withParameters("{\"failAt\": 2}")));
        assertEquals(0, step(Map.of(), plan("r1", "work")));
        for (int i = 0; i < 4; i++) {
            step(
                    Map.of(StepRunner.ARRAY_INDEX, String.valueOf(i), StepRunner.JOB_ATTEMPT, "2"),
                    chunk("r1", "work", 0));
        }
        assertFalse(ds().latestTask("r1", "work", "0-2").orElseThrow().succeeded());

        // the resumed execution: fixed parameters, everything else from r1
        assertEquals(
                0,
                step(
                        Map.of(),
                        StepRequest.task("r2", "start", "0")
                                .withParameters("{\"failAt\": -1}")
                                .withOrigin("r1", null)));
        assertEquals(0, step(Map.of(), plan("r2", "work").withOrigin("r1", null)));
        for (int i = 0; i < 4; i++) {
            assertEquals(
                    0,
                    step(
                            Map.of(StepRunner.ARRAY_INDEX, String.valueOf(i)),
                            chunk("r2", "work", 0).withOrigin("r1", null)));
        }
        assertEquals(0, step(Map.of(), StepRequest.task("r2", "join", "0").withOrigin("r1", null)));
        assertEquals(
                0,
                step(
                        Map.of(),
                        StepRequest.task("r2", "end", "0")
                                .withOrigin("r1", null)
                                .withEnd()));

        assertEquals(
                "r1/start/0/0",
                ds().latestTask("r2", "start", "0").orElseThrow().clonedFrom());
        assertEquals(
                "r1/work/0-1/1",
                ds().latestTask("r2", "work", "0-1").orElseThrow().clonedFrom());
        TaskRecord rerun = ds().latestTask("r2", "work", "0-2").orElseThrow();
        assertNull(rerun.clonedFrom());
        assertTrue(rerun.succeeded());
        assertNull(ds().latestTask("r2", "join", "0").orElseThrow().clonedFrom(), "r1 never got to join");
        RunRecord resumed = ds().readRun("r2").orElseThrow();
        assertEquals(RunStatus.SUCCEEDED, resumed.status());
        assertEquals("r1", resumed.resumedFrom());
        assertEquals(-1, resumed.parameters().get("failAt"));
    }

    @Test
    void resumeCopiesTheOriginParametersAndRerunsFromOriginFrom() throws Exception {
        assertEquals(0, step(Map.of(), StepRequest.task("r1", "start", "0").withParameters("{\"failAt\": \"7\"}")));
        assertEquals(0, step(Map.of(), StepRequest.task("r2", "start", "0").withOrigin("r1", "start")));
        assertEquals(7, ds().readRun("r2").orElseThrow().parameters().get("failAt"));
        assertNull(ds().latestTask("r2", "start", "0").orElseThrow().clonedFrom(), "start is from --origin-from on");
    }

    @Test
    void aStepInsideAForeachNeedsItsPlan() {
        var e = assertThrows(IllegalArgumentException.class, () -> step(Map.of(), chunk("r1", "work", 0)));
        assertTrue(e.getMessage().contains("no plan for step work"), e.getMessage());
    }
}
