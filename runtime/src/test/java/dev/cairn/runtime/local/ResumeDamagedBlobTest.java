package dev.cairn.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.flow.internal.graph.FlowGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resume} never takes over a task whose blob is damaged or missing: it runs that task again. The blobs it does
 * take over are renewed when old, as if the resumed run had stored them.
 */
class ResumeDamagedBlobTest {
    @TempDir
    Path root;

    private final FlowGraph graph = FlowGraph.of(FailsUntilFixedFlow.class);

    private RunOptions options(RunListener listener) {
        return RunOptions.defaults()
                .withDatastore(root)
                .withBranch("test.resume")
                .withMaxWorkers(2)
                .withListener(listener);
    }

    @AfterEach
    void brokenAgain() {
        FailsUntilFixedFlow.broken = true;
    }

    private Path blob(String sha) {
        return root.resolve("tests/test.resume/FailsUntilFixedFlow/data/" + sha.substring(0, 2) + "/" + sha);
    }

    @Test
    void aTaskWithAFlippedByteOrADeletedBlobRunsAgainAndTheResumedRunEndsWithTheRightValue() throws Exception {
        RunRecord failed = LocalRuntime.run(graph, Map.of(), options(RunListener.NONE));
        assertEquals(RunStatus.FAILED, failed.status());
        FlowDatastore datastore = LocalRuntime.datastore(graph, options(RunListener.NONE));
        String four = squared(datastore, failed, "0-1");
        String nine = squared(datastore, failed, "0-2");
        byte[] bytes = Files.readAllBytes(blob(four));
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(blob(four), bytes);
        Files.delete(blob(nine));
        List<String> rerun = new CopyOnWriteArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void taskRerunInsteadOfReused(TaskRecord earlier, String problem) {
                rerun.add(earlier.step() + "/" + earlier.task() + ": " + problem);
            }
        };
        FailsUntilFixedFlow.broken = false;

        RunRecord resumed = LocalRuntime.resume(graph, failed.run(), Optional.empty(), options(listener));

        assertEquals(RunStatus.SUCCEEDED, resumed.status(), String.valueOf(resumed.error()));
        assertNotNull(task(datastore, resumed, "start", "0").clonedFrom(), "start's blobs are intact: reused");
        assertNotNull(task(datastore, resumed, "square", "0-0").clonedFrom(), "square 0-0's blobs are intact: reused");
        assertNull(task(datastore, resumed, "square", "0-1").clonedFrom(), "its blob is damaged: run again");
        assertNull(task(datastore, resumed, "square", "0-2").clonedFrom(), "its blob is missing: run again");
        assertEquals(14, read(datastore, task(datastore, resumed, "end", "0"), "total"));
        assertEquals(4, read(datastore, task(datastore, failed, "square", "0-1"), "squared"), "the blob is healed");
        assertEquals(2, rerun.size(), rerun.toString());
        assertTrue(
                rerun.stream().anyMatch(r -> r.startsWith("square/0-1: artifact `squared`: blob " + four)),
                rerun.toString());
        assertTrue(
                rerun.stream().anyMatch(r -> r.startsWith("square/0-2: artifact `squared`: blob " + nine)),
                rerun.toString());
    }

    @Test
    void tasksWithIntactBlobsAreAllReused() throws Exception {
        RunRecord failed = LocalRuntime.run(graph, Map.of(), options(RunListener.NONE));
        FailsUntilFixedFlow.broken = false;

        RunRecord resumed = LocalRuntime.resume(graph, failed.run(), Optional.empty(), options(RunListener.NONE));

        FlowDatastore datastore = LocalRuntime.datastore(graph, options(RunListener.NONE));
        for (String task : List.of("0-0", "0-1", "0-2")) {
            assertNotNull(task(datastore, resumed, "square", task).clonedFrom(), task);
        }
        assertEquals(14, read(datastore, task(datastore, resumed, "end", "0"), "total"));
    }

    @Test
    void aReusedTasksBlobsOlderThanTheRenewalAgeStartTheirAgeAgain() throws Exception {
        RunRecord failed = LocalRuntime.run(graph, Map.of(), options(RunListener.NONE));
        FlowDatastore datastore = LocalRuntime.datastore(graph, options(RunListener.NONE));
        Path four = blob(squared(datastore, failed, "0-1"));
        Instant longAgo = Instant.now().minus(Duration.ofDays(400));
        Files.setLastModifiedTime(four, FileTime.from(longAgo));
        FailsUntilFixedFlow.broken = false;

        RunRecord resumed = LocalRuntime.resume(graph, failed.run(), Optional.empty(), options(RunListener.NONE));

        assertNotNull(task(datastore, resumed, "square", "0-1").clonedFrom(), "reused, not stored again");
        assertTrue(Files.getLastModifiedTime(four)
                .toInstant()
                .isAfter(Instant.now().minus(Duration.ofMinutes(5))));
    }

    private static String squared(FlowDatastore datastore, RunRecord run, String task) throws Exception {
        return task(datastore, run, "square", task).artifacts().get("squared").sha();
    }

    private static TaskRecord task(FlowDatastore datastore, RunRecord run, String step, String task) throws Exception {
        return datastore.latestTask(run.run(), step, task).orElseThrow();
    }

    private Object read(FlowDatastore datastore, TaskRecord record, String artifact) throws Exception {
        return new ArtifactStore(datastore.blobs(), Codecs.discover(getClass().getClassLoader()))
                .read(record.artifacts().get(artifact), Object.class)
                .value();
    }
}
