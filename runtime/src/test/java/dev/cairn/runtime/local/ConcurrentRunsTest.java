package dev.cairn.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.testing.flows.GridFlow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentRunsTest {
    @TempDir
    Path root;

    private final FlowGraph graph = FlowGraph.of(GridFlow.class);

    private RunRecord run() {
        try {
            return LocalRuntime.run(
                    graph,
                    Map.of("outer", "4", "inner", "5"),
                    RunOptions.defaults()
                            .withDatastore(root)
                            .withBranch("test.concurrent")
                            .withMaxWorkers(3));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private long blobCount() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> Files.isRegularFile(p)
                            && root.relativize(p).toString().contains("/data/"))
                    .count();
        }
    }

    @Test
    void twoRunsAtOnceBothSucceedWithTheirOwnRecords() throws Exception {
        CompletableFuture<RunRecord> a = CompletableFuture.supplyAsync(this::run);
        CompletableFuture<RunRecord> b = CompletableFuture.supplyAsync(this::run);
        RunRecord first = a.get();
        RunRecord second = b.get();
        assertNotEquals(first.run(), second.run());
        assertEquals(RunStatus.SUCCEEDED, first.status());
        assertEquals(RunStatus.SUCCEEDED, second.status());
        var datastore = LocalRuntime.datastore(
                graph, RunOptions.defaults().withDatastore(root).withBranch("test.concurrent"));
        assertEquals(20, datastore.taskIds(first.run(), "cell").size());
        assertEquals(20, datastore.taskIds(second.run(), "cell").size());
        assertEquals(
                datastore.latestTask(first.run(), "end", "0").orElseThrow().artifacts(),
                datastore.latestTask(second.run(), "end", "0").orElseThrow().artifacts());
    }

    @Test
    void identicalArtifactsAreStoredOnceAcrossRuns() throws Exception {
        run();
        long afterOne = blobCount();
        CompletableFuture.allOf(CompletableFuture.supplyAsync(this::run), CompletableFuture.supplyAsync(this::run))
                .get();
        assertEquals(afterOne, blobCount(), "runs that compute the same values add no blobs");
    }
}
