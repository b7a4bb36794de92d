package dev.cairn.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowDatastoreTest {
    @TempDir
    Path root;

    private static TaskRecord record(String task, int attempt, TaskStatus status) {
        return new TaskRecord(
                "F",
                "r1",
                "train",
                task,
                attempt,
                status,
                Map.of(),
                null,
                List.of(),
                null,
                null,
                null,
                Instant.EPOCH,
                Instant.EPOCH,
                "v1",
                null);
    }

    @Test
    void latestTaskIsTheHighestAttempt() throws Exception {
        var ds = new FlowDatastore(new LocalObjectStore(root), "p", "user.me", "F");
        ds.writeTask(record("0-1", 0, TaskStatus.FAILED));
        ds.writeTask(record("0-1", 10, TaskStatus.SUCCEEDED));
        ds.writeTask(record("0-1", 2, TaskStatus.FAILED));
        assertEquals(10, ds.latestTask("r1", "train", "0-1").orElseThrow().attempt());
        assertTrue(
                root.resolve("p/user.me/F/runs/r1/train/0-1/10.json").toFile().isFile());
    }

    @Test
    void taskIdsSortByTheirIndicesAsNumbers() throws Exception {
        var ds = new FlowDatastore(new LocalObjectStore(root), "p", "b", "F");
        for (String id : List.of("0-10", "0-2", "0-1-3", "0-1")) {
            ds.writeTask(record(id, 0, TaskStatus.SUCCEEDED));
        }
        assertEquals(List.of("0-1", "0-1-3", "0-2", "0-10"), ds.taskIds("r1", "train"));
    }

    @Test
    void recordsRoundTripThroughJson() throws Exception {
        var ds = new FlowDatastore(new LocalObjectStore(root), "p", "b", "F");
        var record = new TaskRecord(
                "F",
                "r1",
                "train",
                "0",
                0,
                TaskStatus.SUCCEEDED,
                Map.of("x", new ArtifactRef("a".repeat(64), "json", "java.lang.Integer", 1)),
                3,
                List.of("start/0/0"),
                null,
                null,
                null,
                Instant.parse("2026-11-26T06:00:00Z"),
                Instant.parse("2026-11-26T06:00:01Z"),
                "v1",
                null);
        ds.writeTask(record);
        assertEquals(record, ds.readTask("r1", "train", "0", 0).orElseThrow());
    }

    @Test
    void missingRunIsEmpty() throws Exception {
        var ds = new FlowDatastore(new LocalObjectStore(root), "p", "b", "F");
        assertTrue(ds.readRun("nope").isEmpty());
        assertEquals(List.of(), ds.runIds());
    }

    @Test
    void namesThatCannotBeFoldersAreRefused() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> new FlowDatastore(new LocalObjectStore(root), "p", "../x", "F"));
        assertTrue(e.getMessage().contains("'../x'"));
    }
}
