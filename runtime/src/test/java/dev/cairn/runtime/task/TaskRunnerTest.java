package dev.cairn.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.datastore.codec.ArtifactCodec;
import dev.cairn.datastore.codec.BytesCodec;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.datastore.codec.JsonCodec;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.testing.flows.BoundedFlow;
import dev.cairn.testing.flows.ForeachFlow;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRunnerTest {
    @TempDir
    Path root;

    /** Counts how often a list of 50 items is encoded. */
    static final class CountingJson implements ArtifactCodec {
        final JsonCodec json = new JsonCodec();
        final AtomicInteger bigListEncodes = new AtomicInteger();

        public String id() {
            return json.id();
        }

        public boolean canEncode(Object value) {
            return json.canEncode(value);
        }

        public byte[] encode(Object value) throws IOException {
            if (value instanceof List<?> l && l.size() == 50) {
                bigListEncodes.incrementAndGet();
            }
            return json.encode(value);
        }

        public Object decode(byte[] bytes, Type type) throws IOException {
            return json.decode(bytes, type);
        }
    }

    /** Not plain data: only a registered ArtifactCodec could store it. */
    static final class Handle {}

    public static class Opaque extends FlowSpec {
        Handle handle;

        @Step(next = "end")
        public void start() {
            handle = new Handle();
        }

        @Step
        public void end() {}
    }

    private FlowDatastore datastore;

    @BeforeEach
    void setUp() throws IOException {
        datastore = new FlowDatastore(new LocalObjectStore(root), "tests", "test.runner", "F");
    }

    private TaskRunner runner(FlowGraph graph, ArtifactCodec json, String run, Map<String, Object> parameters)
            throws IOException {
        datastore.writeRun(new RunRecord(
                graph.name(),
                "tests",
                "test.runner",
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
        return new TaskRunner(
                graph,
                datastore,
                new ArtifactStore(datastore.blobs(), new Codecs(List.of(new BytesCodec(), json))),
                "v");
    }

    @Test
    void inheritedListIsNeitherReencodedNorCopiedByTheTasksOfAForeach() throws Exception {
        CountingJson json = new CountingJson();
        FlowGraph graph = FlowGraph.of(ForeachFlow.class);
        TaskRunner runner = runner(graph, json, "r1", Map.of("width", 50));
        TaskRecord start = runner.run(new TaskSpec("r1", "start", "0", 0));
        assertEquals(50, start.foreachSize());
        for (int i = 0; i < 50; i++) {
            TaskRecord work = runner.run(new TaskSpec("r1", "work", "0-" + i, 0));
            assertEquals(TaskStatus.SUCCEEDED, work.status());
            assertEquals(start.artifacts().get("items"), work.artifacts().get("items"));
        }
        assertEquals(1, json.bigListEncodes.get(), "the foreach list is encoded once, by the step that made it");
        TaskRecord join = runner.run(new TaskSpec("r1", "join", "0", 0));
        assertEquals(50, join.inputs().size());
        assertEquals("work/0-49/0", join.inputs().get(49));
    }

    @Test
    void aForeachListLongerThanItsDeclaredBoundFailsTheStepNamingTheBound() throws Exception {
        TaskRecord start = runner(FlowGraph.of(BoundedFlow.class), new JsonCodec(), "r5", Map.of("regionCount", 201))
                .run(new TaskSpec("r5", "start", "0", 0));
        assertEquals(TaskStatus.FAILED, start.status());
        assertTrue(
                start.error().message().contains("201 items of `regions`, more than its declared maxItems = 200"),
                start.error().message());
    }

    @Test
    void joinWithAMissingInputFailsNamingIt() throws Exception {
        FlowGraph graph = FlowGraph.of(ForeachFlow.class);
        TaskRunner runner = runner(graph, new JsonCodec(), "r2", Map.of());
        runner.run(new TaskSpec("r2", "start", "0", 0));
        TaskRecord join = runner.run(new TaskSpec("r2", "join", "0", 0));
        assertEquals(TaskStatus.FAILED, join.status());
        assertTrue(
                join.error().message().contains("needs work/0-0"), join.error().message());
    }

    @Test
    void artifactNoCodecCanStoreFailsTheTaskNamingTheArtifact() throws Exception {
        FlowGraph graph = FlowGraph.of(Opaque.class);
        TaskRecord start = runner(graph, new JsonCodec(), "r3", Map.of()).run(new TaskSpec("r3", "start", "0", 0));
        assertEquals(TaskStatus.FAILED, start.status());
        assertTrue(
                start.error().message().contains("artifact `handle`"),
                start.error().message());
    }
}
