package dev.cairn.runtime.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import dev.cairn.testing.flows.BranchFlow;
import dev.cairn.testing.flows.ForeachFlow;
import dev.cairn.testing.flows.GridFlow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskPlanTest {
    @TempDir
    Path root;

    private RunOptions options() {
        return RunOptions.defaults()
                .withDatastore(root)
                .withBranch("test.cloud")
                .withMaxWorkers(4);
    }

    @Test
    void chunksStayWithinTheBatchArraySizeLimit() {
        assertEquals(
                List.of(
                        new FlowDatastore.Chunk(0, 10_000, 1),
                        new FlowDatastore.Chunk(10_000, 10_000, 1),
                        new FlowDatastore.Chunk(20_000, 5_000, 1)),
                TaskPlan.chunks(25_000, 1));
        assertEquals(List.of(new FlowDatastore.Chunk(0, 10_000, 1)), TaskPlan.chunks(10_000, 1));
        assertEquals(List.of(new FlowDatastore.Chunk(0, 1, 1)), TaskPlan.chunks(1, 1));
    }

    @Test
    void chunksOfSeveralTasksPerChildCountChildrenAndLeaveTheLastChildShort() {
        assertEquals(List.of(new FlowDatastore.Chunk(0, 3, 10)), TaskPlan.chunks(25, 10));
        assertEquals(List.of(new FlowDatastore.Chunk(0, 1, 100)), TaskPlan.chunks(100, 100));
        assertEquals(
                List.of(new FlowDatastore.Chunk(0, 10_000, 2), new FlowDatastore.Chunk(20_000, 1, 2)),
                TaskPlan.chunks(20_001, 2),
                "a chunk is 10,000 children of 2 tasks; the next one starts at task 20,000");
    }

    @Test
    void planOfEveryStepIsTheTasksTheLocalSchedulerRan() throws Exception {
        for (Class<? extends dev.cairn.flow.FlowSpec> flow :
                List.of(GridFlow.class, BranchFlow.class, ForeachFlow.class)) {
            FlowGraph graph = FlowGraph.of(flow);
            RunRecord run = LocalRuntime.run(graph, Map.of(), options());
            assertEquals(RunStatus.SUCCEEDED, run.status());
            FlowDatastore ds = LocalRuntime.datastore(graph, options());
            for (StepNode step : graph.steps()) {
                assertEquals(
                        ds.taskIds(run.run(), step.name()),
                        TaskPlan.of(graph, ds, run.run(), step.name()),
                        flow.getSimpleName() + "." + step.name());
            }
            // written plans are found again, and are not mistaken for steps or tasks
            for (StepNode step : graph.steps()) {
                TaskPlan.write(graph, ds, run.run(), step.name());
            }
            assertEquals(
                    graph.steps().stream().map(StepNode::name).sorted().toList(),
                    ds.steps(run.run()).stream().sorted().toList());
            for (StepNode step : graph.steps()) {
                List<String> tasks = ds.taskIds(run.run(), step.name());
                assertEquals(
                        tasks, ds.readPlan(run.run(), step.name()).orElseThrow().tasks());
                assertEquals(
                        tasks.size(),
                        ds.readPlanSummary(run.run(), step.name()).orElseThrow().size());
            }
        }
        FlowGraph grid = FlowGraph.of(GridFlow.class);
        FlowDatastore ds = LocalRuntime.datastore(grid, options());
        String run = ds.runIds().get(0);
        assertEquals(12, TaskPlan.of(grid, ds, run, "cell").size());
        assertEquals("0-2-3", TaskPlan.of(grid, ds, run, "cell").get(11));
    }

    @Test
    void aPlanOf25000TasksIsWrittenAsOneArrayOf250ChildrenOfAHundredTasks() throws Exception {
        FlowGraph graph = FlowGraph.of(ForeachFlow.class);
        FlowDatastore ds = LocalRuntime.datastore(graph, options());
        ds.writeTask(new TaskRecord(
                graph.name(),
                "r1",
                "start",
                "0",
                0,
                TaskStatus.SUCCEEDED,
                Map.of(),
                25_000,
                List.of(),
                null,
                null,
                null,
                Instant.EPOCH,
                Instant.EPOCH,
                "v",
                null));
        FlowDatastore.PlanSummary summary = TaskPlan.write(graph, ds, "r1", "work");
        assertEquals(25_000, summary.size());
        // no @Batch on work: 100 tasks per child at this size, so one array job of 250 children
        assertEquals(List.of(new FlowDatastore.Chunk(0, 250, 100)), summary.chunks());
        List<String> tasks = ds.readPlan("r1", "work").orElseThrow().tasks();
        assertEquals("0-0", tasks.get(0));
        assertEquals("0-24999", tasks.get(24_999));
        assertTrue(root.resolve("tests/test.cloud/ForeachFlow/runs/r1/_plans/work.summary.json")
                .toFile()
                .isFile());
        // the join after the foreach closes it: one task again
        assertEquals(List.of("0"), TaskPlan.of(graph, ds, "r1", "join"));
    }

    @Test
    void planningBeforeTheParentRanSaysWhichTaskIsMissing() throws Exception {
        FlowGraph graph = FlowGraph.of(ForeachFlow.class);
        FlowDatastore ds = LocalRuntime.datastore(graph, options());
        var e = assertThrows(IllegalStateException.class, () -> TaskPlan.of(graph, ds, "r1", "work"));
        assertTrue(e.getMessage().contains("start/0 has no record"), e.getMessage());
    }
}
