package dev.cairn.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.formats.Json;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A disk that stays full: the task's FAILED record and the run's end cannot be written either. The datastore lives on
 * a Jimfs file system of 4 MB (a write past its size fails with an IOException, as on a full disk), which the flow's
 * first step fills to the last byte.
 */
class DiskStaysFullTest {

    @AfterEach
    void fillAgain() {
        FillsTheDiskForGoodFlow.fill = true;
        FillsTheDiskForGoodFlow.filler = null;
    }

    @Test
    void theRunEndsWithOneLineNamingTheTaskAndTheDiskLeavesNoTempFileNorHalfRecordAndResumesOnceSpaceIsBack()
            throws Exception {
        try (FileSystem disk = Jimfs.newFileSystem(
                Configuration.unix().toBuilder().setMaxSize(4 << 20).build())) {
            Path root = disk.getPath("/datastore");
            RunOptions options = RunOptions.defaults()
                    .withDatastore(root)
                    .withBranch("test.disk")
                    .withMaxWorkers(1);
            FlowGraph graph = FlowGraph.of(FillsTheDiskForGoodFlow.class);
            FillsTheDiskForGoodFlow.filler = disk.getPath("/filler");

            UncheckedIOException e =
                    assertThrows(UncheckedIOException.class, () -> LocalRuntime.run(graph, Map.of(), options));

            String message = e.getMessage();
            assertEquals(1, message.lines().count(), message);
            assertTrue(message.contains("failed in step `start`, task 0 (attempt 1)"), message);
            assertTrue(message.contains("out of disk space"), message);
            assertTrue(message.contains("resume FillsTheDiskForGoodFlow/"), "says how to go on: " + message);
            try (Stream<Path> staging = Files.list(root.resolve(".staging"))) {
                assertEquals(List.of(), staging.toList(), "temp files left in .staging");
            }

            Files.delete(FillsTheDiskForGoodFlow.filler);
            FillsTheDiskForGoodFlow.fill = false;
            FlowDatastore datastore = LocalRuntime.datastore(graph, options);
            String run = datastore.runIds().getFirst();
            RunRecord recorded = datastore.readRun(run).orElseThrow();
            assertEquals(
                    RunStatus.DIED,
                    recorded.statusAt(Instant.now().plus(options.leasePeriod()).plus(Duration.ofSeconds(1))),
                    "its end was never written: it shows as DIED once its lease runs out");
            assertEquals(List.of(), datastore.steps(run), "no task record, not even half of one");
            try (Stream<Path> files = Files.walk(root.resolve("tests"))) {
                for (Path json :
                        files.filter(f -> f.toString().endsWith(".json")).toList()) {
                    Json.RECORDS.readTree(Files.readAllBytes(json)); // every record there is whole
                }
            }

            RunRecord resumed = LocalRuntime.resume(graph, run, Optional.empty(), options);

            assertEquals(RunStatus.SUCCEEDED, resumed.status(), String.valueOf(resumed.error()));
        }
    }
}
