package dev.cairn.datastore.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.ObjectStore;
import dev.cairn.datastore.ParallelReads;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.datastore.s3.LatencyProxy.Operation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step's records read in bulk: one listing of the step, then parallel gets, on S3 and on local disk alike. */
class BulkTaskReadsTest {
    private static final S3Proxy s3 = S3Proxy.shared();
    private static final int TASKS = 300;

    private static S3ObjectStore onS3;
    private static final List<String> IDS =
            IntStream.range(0, TASKS).mapToObj(i -> "0-" + i).toList();

    @TempDir
    Path root;

    private static TaskRecord record(String step, String task, int attempt, TaskStatus status) {
        return new TaskRecord(
                "F",
                "r1",
                step,
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

    /** 300 tasks of `train`, every tenth with a failed first attempt, task 0-7 never run, and a file of task 0-1. */
    private static List<String> writeStep(ObjectStore store) throws Exception {
        FlowDatastore writer = new FlowDatastore(store, "p", "b", "F");
        List<String> ids = IntStream.range(0, TASKS).mapToObj(i -> "0-" + i).toList();
        // written 16 at a time: a test of reads need not wait for 300 puts one after another
        ParallelReads.map(ids.stream().filter(id -> !id.equals("0-7")).toList(), 16, task -> {
            int i = Integer.parseInt(task.substring(2));
            if (i % 10 == 0) {
                writer.writeTask(record("train", task, 0, TaskStatus.FAILED));
            }
            writer.writeTask(record("train", task, i % 10 == 0 ? 1 : 0, TaskStatus.SUCCEEDED));
            return task;
        });
        writer.writeTask(record("other", "0-3", 0, TaskStatus.SUCCEEDED));
        Path file = Files.writeString(Files.createTempFile("cairn-file", ".txt"), "a task's own file");
        writer.putFile("r1", "train", "0-1", "notes.txt", file);
        Files.delete(file);
        return ids;
    }

    /** The step on S3, written once for the tests that only read it. */
    private static synchronized S3ObjectStore writtenOnS3(LatencyProxy slow) throws Exception {
        if (onS3 == null) {
            onS3 = new S3ObjectStore(s3.client(), s3.newBucket(), "cairn");
            writeStep(onS3);
        }
        return new S3ObjectStore(slow.client(), onS3.bucket(), onS3.prefix());
    }

    private static void assertReadsEveryLastAttempt(FlowDatastore reader, List<String> ids) throws Exception {
        Map<String, TaskRecord> found = reader.latestTasks("r1", "train", ids);
        assertEquals(TASKS - 1, found.size(), "every task but the one that never ran");
        assertEquals(ids.stream().filter(id -> !id.equals("0-7")).toList(), List.copyOf(found.keySet()));
        found.forEach((task, record) -> {
            assertEquals(task, record.task());
            assertEquals(TaskStatus.SUCCEEDED, record.status(), task);
        });
        assertEquals(1, found.get("0-10").attempt());
        List<TaskRecord> all = reader.latestTasks("r1", "train");
        assertEquals(List.copyOf(found.values()), all);
    }

    @Test
    void aStepsRecordsOnS3AreOneListingAndAGetPerTask() throws Exception {
        try (LatencyProxy slow = LatencyProxy.of(s3, Duration.ZERO)) {
            S3ObjectStore store = writtenOnS3(slow);
            List<String> ids = IDS;
            FlowDatastore reader = new FlowDatastore(store, "p", "b", "F"); // a new process: nothing known yet
            slow.resetCounts();

            Map<String, TaskRecord> found = reader.latestTasks("r1", "train", ids);

            assertEquals(TASKS - 1, found.size());
            assertEquals(
                    Map.of(Operation.LIST, 1L, Operation.GET_OBJECT, (long) TASKS - 1), slow.requestsByOperation());
            assertReadsEveryLastAttempt(new FlowDatastore(store, "p", "b", "F"), ids);
        }
    }

    @Test
    void everyTaskOfAStepOnS3IsOneListingAndAGetPerTask() throws Exception {
        try (LatencyProxy slow = LatencyProxy.of(s3, Duration.ZERO)) {
            FlowDatastore reader = new FlowDatastore(writtenOnS3(slow), "p", "b", "F");
            slow.resetCounts();

            List<TaskRecord> all = reader.latestTasks("r1", "train"); // what cairn show, card and the client read

            assertEquals(TASKS - 1, all.size());
            assertEquals(
                    Map.of(Operation.LIST, 1L, Operation.GET_OBJECT, (long) TASKS - 1), slow.requestsByOperation());
        }
    }

    @Test
    void recordsReadOnceAreNotReadAgain() throws Exception {
        try (LatencyProxy slow = LatencyProxy.of(s3, Duration.ZERO)) {
            S3ObjectStore store = writtenOnS3(slow);
            List<String> ids = IDS;
            FlowDatastore reader = new FlowDatastore(store, "p", "b", "F");
            reader.latestTasks("r1", "train", ids);
            slow.resetCounts();

            reader.latestTasks("r1", "train", ids.subList(100, 200));

            assertEquals(0, slow.requests(), "succeeded records are final: " + slow.requestsByOperation());
        }
    }

    @Test
    void aNestedForeachsJoinListsOnlyItsOwnInputs() throws Exception {
        try (LatencyProxy slow = LatencyProxy.of(s3, Duration.ZERO)) {
            S3ObjectStore store = new S3ObjectStore(slow.client(), s3.newBucket(), "cairn");
            FlowDatastore writer = new FlowDatastore(store, "p", "b", "F");
            for (int country = 0; country < 3; country++) {
                for (int setting = 0; setting < 20; setting++) {
                    writer.writeTask(record("train", "0-" + country + "-" + setting, 0, TaskStatus.SUCCEEDED));
                }
            }
            FlowDatastore reader = new FlowDatastore(store, "p", "b", "F");
            slow.resetCounts();

            Map<String, TaskRecord> found = reader.latestTasks(
                    "r1",
                    "train",
                    IntStream.range(0, 20).mapToObj(i -> "0-1-" + i).toList());

            assertEquals(20, found.size());
            assertTrue(
                    found.keySet().stream().allMatch(id -> id.startsWith("0-1-")),
                    found.keySet().toString());
            assertEquals(Map.of(Operation.LIST, 1L, Operation.GET_OBJECT, 20L), slow.requestsByOperation());
        }
    }

    @Test
    void aFlowsRunRecordsOnS3AreAGetEachInParallelAndADamagedOneHidesNoOther() throws Exception {
        try (LatencyProxy slow = LatencyProxy.of(s3, Duration.ofMillis(20))) {
            S3ObjectStore store = new S3ObjectStore(s3.client(), s3.newBucket(), "cairn");
            FlowDatastore writer = new FlowDatastore(store, "p", "b", "F");
            List<String> runs = IntStream.range(0, 40).mapToObj(i -> "r" + i).toList();
            for (String run : runs) {
                writer.writeRun(new RunRecord(
                        "F",
                        "p",
                        "b",
                        run,
                        RunStatus.SUCCEEDED,
                        Map.of(),
                        "v1",
                        Instant.EPOCH,
                        Instant.EPOCH,
                        null,
                        null,
                        null,
                        "me"));
            }
            store.put("p/b/F/runs/r7/run.json", "{\"flow\": \"F\", \"run\": ".getBytes(StandardCharsets.UTF_8));
            FlowDatastore reader =
                    new FlowDatastore(new S3ObjectStore(slow.client(), store.bucket(), store.prefix()), "p", "b", "F");
            slow.resetCounts();

            FlowDatastore.RunRecords read = reader.readRuns(List.of("r3", "r7", "gone", "r12"));
            assertEquals(
                    List.of("r3", "r12"),
                    read.records().stream().map(RunRecord::run).toList());
            assertEquals(1, read.damaged().size());
            assertTrue(
                    read.damaged().getFirst().getMessage().contains("runs/r7/run.json"),
                    read.damaged().toString());
            assertEquals(Map.of(Operation.GET_OBJECT, 4L), slow.requestsByOperation());

            slow.resetCounts();
            assertEquals(39, reader.readRuns(runs).records().size());
            assertEquals(Map.of(Operation.GET_OBJECT, 40L), slow.requestsByOperation());
            assertTrue(slow.mostInFlight() > 1, "read one after another: " + slow.mostInFlight());
        }
    }

    @Test
    void aStepsRecordsOnLocalDiskReadTheSame() throws Exception {
        LocalObjectStore store = new LocalObjectStore(root);
        List<String> ids = writeStep(store);
        assertReadsEveryLastAttempt(new FlowDatastore(store, "p", "b", "F"), ids);
    }

    @Test
    void listAllFindsKeysAtAnyDepthUnderANamePrefixOnBothStores() throws Exception {
        LocalObjectStore local = new LocalObjectStore(root);
        S3ObjectStore remote = new S3ObjectStore(s3.client(), s3.newBucket(), "cairn");
        for (ObjectStore store : List.of(local, remote)) {
            store.put("runs/r1/train/0-1/0.json", new byte[] {1});
            store.put("runs/r1/train/0-1/files/a/b.txt", new byte[] {1});
            store.put("runs/r1/train/0-12/3.json", new byte[] {1});
            store.put("runs/r1/train/1-0/0.json", new byte[] {1});
            store.put("runs/r1/trainer/0-1/0.json", new byte[] {1});

            assertEquals(
                    List.of("0-1/0.json", "0-1/files/a/b.txt", "0-12/3.json"),
                    store.listAll("runs/r1/train", "0-1"),
                    store.location());
            assertEquals(4, store.listAll("runs/r1/train", "").size(), store.location());
            assertEquals(List.of(), store.listAll("runs/r1/nothing", ""), store.location());
        }
    }
}
