package dev.cairn.runtime.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.testing.flows.ChunkedForeachFlow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Array children of several tasks ({@code @Batch(tasksPerChild = 10)}, two vCPUs), driven as Batch drives them:
 * one {@link StepRunner} per child attempt, the child's index and attempt in its environment.
 */
class ArrayChildTest {
    @TempDir
    Path root;

    private final FlowGraph graph = FlowGraph.of(ChunkedForeachFlow.class);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private FlowDatastore ds() throws Exception {
        return new FlowDatastore(new LocalObjectStore(root), graph.project(), "test.cloud", graph.name());
    }

    private int step(Map<String, String> env, StepRequest request) throws Exception {
        return new StepRunner(graph, ds(), env, new PrintWriter(out), new PrintWriter(err)).run(request);
    }

    private static Map<String, String> child(int index, int attempt) {
        return Map.of(StepRunner.ARRAY_INDEX, String.valueOf(index), StepRunner.JOB_ATTEMPT, String.valueOf(attempt));
    }

    /** Starts run {@code r1} and plans its foreach: the one chunk of it. */
    private FlowDatastore.Chunk planned(String parameters) throws Exception {
        assertEquals(0, step(Map.of(), StepRequest.task("r1", "start", "0").withParameters(parameters)));
        assertEquals(0, step(Map.of(), StepRequest.plan("r1", "work")));
        List<FlowDatastore.Chunk> chunks =
                ds().readPlanSummary("r1", "work").orElseThrow().chunks();
        assertEquals(1, chunks.size());
        return chunks.getFirst();
    }

    private int runChild(FlowDatastore.Chunk chunk, int index, int attempt) throws Exception {
        return step(child(index, attempt), StepRequest.chunk("r1", "work", chunk.offset(), chunk.tasksPerChild()));
    }

    private String stdout(TaskRecord record) throws Exception {
        return new String(ds().blobs().get(record.stdout()), StandardCharsets.UTF_8);
    }

    @Test
    void twentyFiveTasksRunAsThreeChildrenOfTenEachTaskWithItsOwnRecordAndLog() throws Exception {
        FlowDatastore.Chunk chunk = planned("{}");
        assertEquals(new FlowDatastore.Chunk(0, 3, 10), chunk, "ceil(25 / 10) children");

        for (int index = 0; index < chunk.size(); index++) {
            assertEquals(0, runChild(chunk, index, 1), err.toString());
        }

        List<String> tasks = ds().taskIds("r1", "work");
        assertEquals(25, tasks.size());
        for (int i = 0; i < 25; i++) {
            TaskRecord record = ds().latestTask("r1", "work", "0-" + i).orElseThrow();
            assertTrue(record.succeeded());
            assertEquals(0, record.attempt());
            assertTrue(stdout(record).startsWith("item " + i + ", attempt 1, thread "), stdout(record));
        }
        Set<String> threads = new TreeSet<>();
        for (int i = 0; i < 10; i++) {
            String log = stdout(ds().latestTask("r1", "work", "0-" + i).orElseThrow());
            threads.add(log.substring(log.indexOf("thread ") + 7).strip());
        }
        assertEquals(Set.of("work-task-0", "work-task-1"), threads, "the first child ran its tasks on its 2 vCPUs");

        assertEquals(0, step(Map.of(), StepRequest.task("r1", "join", "0")));
        assertEquals(
                "300",
                new String(
                        ds().blobs()
                                .get(ds().latestTask("r1", "join", "0")
                                        .orElseThrow()
                                        .artifacts()
                                        .get("total")
                                        .sha()),
                        StandardCharsets.UTF_8),
                "the join read all 25 inputs: 0 + 1 + ... + 24");
    }

    @Test
    void aTaskThatFailsOnceIsRerunAloneOnTheChildsRetryAndTheOthersKeepTheirFirstAttempt() throws Exception {
        FlowDatastore.Chunk chunk = planned("{\"flakyAt\": 13}");

        assertEquals(1, runChild(chunk, 1, 1), "one of the child's tasks failed: Batch retries the child");
        assertTrue(err.toString().contains("step work, task 0-13 (attempt 1) of run r1 failed"), err.toString());
        assertTrue(err.toString().contains("item 13 fails in attempt 1"), err.toString());
        assertEquals(RunStatus.RUNNING, ds().readRun("r1").orElseThrow().status(), "a retry is left");
        for (int i = 10; i < 20; i++) {
            assertEquals(
                    i != 13,
                    ds().latestTask("r1", "work", "0-" + i).orElseThrow().succeeded(),
                    "task " + i);
        }

        assertEquals(0, runChild(chunk, 1, 2), err.toString());
        TaskRecord rerun = ds().latestTask("r1", "work", "0-13").orElseThrow();
        assertTrue(rerun.succeeded());
        assertEquals(1, rerun.attempt(), "the child's second Batch attempt");
        assertEquals(List.of(0, 1), ds().attempts("r1", "work", "0-13"));
        List<Integer> others = new ArrayList<>();
        for (int i = 10; i < 20; i++) {
            if (i != 13) {
                others.addAll(ds().attempts("r1", "work", "0-" + i));
            }
        }
        assertEquals(List.of(0, 0, 0, 0, 0, 0, 0, 0, 0), others, "the tasks that succeeded ran once");
        assertTrue(out.toString().contains("cairn: work/0-10 succeeded in attempt 1: kept"), out.toString());
    }

    @Test
    void aTaskOutOfAttemptsFailsTheRunNamingItWhileTheChildsOtherTasksSucceed() throws Exception {
        FlowDatastore.Chunk chunk = planned("{\"failAt\": 21}");

        assertEquals(1, runChild(chunk, 2, 1));
        assertEquals(1, runChild(chunk, 2, 2));

        RunRecord failed = ds().readRun("r1").orElseThrow();
        assertEquals(RunStatus.FAILED, failed.status());
        assertEquals("work/0-21/1", failed.failedTask());
        for (int i = 20; i < 25; i++) {
            if (i != 21) {
                assertEquals(List.of(0), ds().attempts("r1", "work", "0-" + i), "task " + i);
            }
        }
    }

    @Test
    void oneTaskPerChildRunsTheTaskAtTheChildsIndex() throws Exception {
        planned("{}");
        assertEquals(0, step(child(7, 1), StepRequest.chunk("r1", "work", 0, 1)));
        assertEquals(List.of("0-7"), ds().taskIds("r1", "work"));
    }
}
