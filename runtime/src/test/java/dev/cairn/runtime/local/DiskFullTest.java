package dev.cairn.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.internal.graph.FlowGraph;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A disk that fills up mid-run, for real: the datastore lives on a file system with a 256 KB quota (Jimfs, which
 * fails a write past its size with an IOException as a full disk does).
 */
class DiskFullTest {

    @Test
    void theFailingTaskIsNamedTheRunEndsFailedAndNoTempFileIsLeft() throws Exception {
        try (FileSystem disk = Jimfs.newFileSystem(
                Configuration.unix().toBuilder().setMaxSize(256 * 1024).build())) {
            Path root = disk.getPath("/datastore");
            RunOptions options = RunOptions.defaults()
                    .withDatastore(root)
                    .withBranch("test.disk")
                    .withMaxWorkers(1);
            FlowGraph graph = FlowGraph.of(FillsTheDiskFlow.class);

            RunRecord run = LocalRuntime.run(graph, Map.of(), options);

            assertEquals(RunStatus.FAILED, run.status());
            assertEquals("start/0/0", run.failedTask());
            assertTrue(
                    run.error().message().contains("out of disk space"),
                    run.error().toString());
            FlowDatastore datastore = LocalRuntime.datastore(graph, options);
            assertEquals(
                    RunStatus.FAILED, datastore.readRun(run.run()).orElseThrow().status(), "recorded FAILED");
            try (Stream<Path> staging = Files.list(root.resolve(".staging"))) {
                List<Path> left = staging.toList();
                assertEquals(List.of(), left, "temp files left in .staging");
            }
        }
    }
}
