package dev.cairn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForeachBenchmarkFlowTest {
    @TempDir
    Path root;

    @Test
    void fiftyTasksAreRunRecordedAndSummedByTheJoin() throws Exception {
        FlowGraph graph = FlowGraph.of(ForeachBenchmarkFlow.class);
        RunOptions options = RunOptions.defaults().withDatastore(root).withBranch("test.bench");
        RunRecord run = LocalRuntime.run(graph, Map.of("tasks", "50"), options);

        assertEquals(RunStatus.SUCCEEDED, run.status(), () -> "failed at " + run.failedTask() + ": " + run.error());
        FlowDatastore ds = LocalRuntime.datastore(graph, options);
        assertEquals(50, ds.taskIds(run.run(), "work").size());
        assertEquals(50L * 49, LocalForeachBenchmark.readTotal(ds, run.run()));
        assertEquals(2450L, ForeachBenchmarkFlow.expectedTotal(50));
    }
}
