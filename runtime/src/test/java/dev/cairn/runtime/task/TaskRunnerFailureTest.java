package dev.cairn.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.datastore.codec.ArtifactCodec;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.datastore.codec.JsonCodec;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import dev.cairn.flow.internal.graph.FlowGraph;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever fails an attempt, an Error thrown outside the step's own code included, gives a record. */
class TaskRunnerFailureTest {
    @TempDir
    Path root;

    public record Weights(int size) {}

    /** Runs out of memory encoding {@link Weights}, as a codec writing a large model would. */
    static final class OutOfMemoryCodec implements ArtifactCodec {
        public String id() {
            return "weights";
        }

        public boolean canEncode(Object value) {
            return value instanceof Weights;
        }

        public byte[] encode(Object value) {
            throw new OutOfMemoryError("Java heap space");
        }

        public Object decode(byte[] bytes, Type type) {
            throw new UnsupportedOperationException();
        }
    }

    public static class Training extends FlowSpec {
        Weights weights;

        @Step(next = "end")
        public void start() {
            System.out.println("trained");
            weights = new Weights(1 << 30);
        }

        @Step
        public void end() {}
    }

    @Test
    void anErrorStoringTheStepsArtifactsFailsTheAttemptWithItsRecordAndEndsTheCapture() throws Exception {
        FlowGraph graph = FlowGraph.of(Training.class);
        FlowDatastore datastore = new FlowDatastore(new LocalObjectStore(root), "tests", "test.failures", graph.name());
        datastore.writeRun(new RunRecord(
                graph.name(),
                "tests",
                "test.failures",
                "r1",
                RunStatus.RUNNING,
                Map.of(),
                "v",
                Instant.now(),
                null,
                null,
                null,
                null,
                "me"));
        ArtifactStore artifacts =
                new ArtifactStore(datastore.blobs(), new Codecs(List.of(new OutOfMemoryCodec(), new JsonCodec())));

        TaskRecord start = new TaskRunner(graph, datastore, artifacts, "v").run(new TaskSpec("r1", "start", "0", 0));

        assertEquals(TaskStatus.FAILED, start.status());
        assertEquals("start/0/0", start.pathspec());
        assertEquals("java.lang.OutOfMemoryError", start.error().type());
        assertEquals(start, datastore.latestTask("r1", "start", "0").orElseThrow(), "the record is committed");
        assertEquals("trained\n", new String(datastore.blobs().get(start.stdout()), StandardCharsets.UTF_8));
        assertNull(OutputCapture.route(), "this thread prints where it did before the task");
    }
}
