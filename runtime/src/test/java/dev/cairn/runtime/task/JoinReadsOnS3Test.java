package dev.cairn.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.ObjectStore;
import dev.cairn.datastore.ParallelReads;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.datastore.s3.LatencyProxy;
import dev.cairn.datastore.s3.LatencyProxy.Operation;
import dev.cairn.datastore.s3.S3ObjectStore;
import dev.cairn.datastore.s3.S3Proxy;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.testing.flows.ForeachFlow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A join on S3 as {@code cairn step} runs it, in a process that has read nothing yet: its inputs' records and
 * artifacts are read with one listing of the step and parallel gets, not a listing, a head and a get per input.
 */
class JoinReadsOnS3Test {
    private static final S3Proxy s3 = S3Proxy.shared();
    private static final FlowGraph GRAPH = FlowGraph.of(ForeachFlow.class);

    private static TaskRunner runner(ObjectStore store) {
        FlowDatastore datastore = new FlowDatastore(store, GRAPH.project(), "test.join", GRAPH.name());
        return new TaskRunner(
                GRAPH,
                datastore,
                new ArtifactStore(datastore.blobs(), Codecs.discover(JoinReadsOnS3Test.class.getClassLoader())),
                "v");
    }

    /** Runs start and the work tasks but {@code skipped}, 16 at a time; returns the store they are in. */
    private static S3ObjectStore foreachDone(String run, Map<String, Object> parameters, int width, int skipped)
            throws Exception {
        S3ObjectStore store = new S3ObjectStore(s3.client(), s3.newBucket(), "cairn");
        new FlowDatastore(store, GRAPH.project(), "test.join", GRAPH.name())
                .writeRun(new RunRecord(
                        GRAPH.name(),
                        GRAPH.project(),
                        "test.join",
                        run,
                        RunStatus.RUNNING,
                        parameters,
                        "v",
                        Instant.now(),
                        null,
                        null,
                        null,
                        null,
                        "me"));
        TaskRunner writer = runner(store);
        assertEquals(width, writer.run(new TaskSpec(run, "start", "0", 0)).foreachSize());
        List<Integer> items =
                IntStream.range(0, width).filter(i -> i != skipped).boxed().toList();
        ParallelReads.map(items, 16, i -> writer.run(new TaskSpec(run, "work", "0-" + i, 0)));
        return store;
    }

    @Test
    void aJoinOf300InputsReadsThemWithOneListingAndOneGetPerInput() throws Exception {
        int width = 300;
        S3ObjectStore written = foreachDone("r1", Map.of("width", width), width, -1);
        try (LatencyProxy slow = LatencyProxy.of(s3, Duration.ZERO)) {
            TaskRunner reader = runner(new S3ObjectStore(slow.client(), written.bucket(), written.prefix()));

            TaskRecord join = reader.run(new TaskSpec("r1", "join", "0", 0));

            assertEquals(TaskStatus.SUCCEEDED, join.status(), () -> join.error().toString());
            assertEquals(width, join.inputs().size());
            assertEquals("work/0-299/0", join.inputs().get(299));
            Map<Operation, Long> requests = slow.requestsByOperation();
            // the run record, start's record and the step's listing; then per input its record, which carries its
            // small `item` inline; the `items` list they share is read once; the join's own `total` is written
            assertEquals(2, requests.get(Operation.LIST), requests.toString());
            assertTrue(requests.getOrDefault(Operation.HEAD, 0L) <= 5, requests.toString());
            assertTrue(requests.get(Operation.GET_OBJECT) <= width + 5, requests.toString());
        }
    }

    @Test
    void aMissingInputIsNamed() throws Exception {
        S3ObjectStore store = foreachDone("r2", Map.of("width", 40), 40, 13);
        TaskRecord join = runner(store).run(new TaskSpec("r2", "join", "0", 0));
        assertEquals(TaskStatus.FAILED, join.status());
        assertTrue(
                join.error().message().contains("needs work/0-13, which has no record in run r2"),
                join.error().message());
    }

    @Test
    void aFailedInputIsNamed() throws Exception {
        S3ObjectStore store = foreachDone("r3", Map.of("width", 40, "failAt", 13), 40, -1);
        TaskRecord join = runner(store).run(new TaskSpec("r3", "join", "0", 0));
        assertEquals(TaskStatus.FAILED, join.status());
        assertTrue(
                join.error().message().contains("needs work/0-13, which failed"),
                join.error().message());
    }
}
