package dev.cairn.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import dev.cairn.flow.internal.graph.FlowGraph;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stored value that does not fit its field (say, written by another version of the flow) is named. */
class UnreadableArtifactTest {
    @TempDir
    Path root;

    public static class Counted extends FlowSpec {
        int count;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void anArtifactThatCannotBeReadFailsTheTaskNamingItAndWhereItCameFrom() throws Exception {
        FlowGraph graph = FlowGraph.of(Counted.class);
        FlowDatastore ds = new FlowDatastore(new LocalObjectStore(root), "tests", "test.read", "Counted");
        Instant now = Instant.now();
        ds.writeRun(new RunRecord(
                "Counted",
                "tests",
                "test.read",
                "r1",
                RunStatus.RUNNING,
                Map.of(),
                "v",
                now,
                null,
                null,
                null,
                null,
                "me"));
        byte[] written = "\"many\"".getBytes(StandardCharsets.UTF_8); // as a String field of an older version
        ArtifactRef ref = new ArtifactRef(ds.blobs().put(written), "json", "java.lang.String", written.length);
        ds.writeTask(new TaskRecord(
                "Counted",
                "r1",
                "start",
                "0",
                0,
                TaskStatus.SUCCEEDED,
                Map.of("count", ref),
                null,
                List.of(),
                null,
                null,
                null,
                now,
                now,
                "v",
                null));
        ArtifactStore artifacts =
                new ArtifactStore(ds.blobs(), Codecs.discover(getClass().getClassLoader()));

        TaskRecord end = new TaskRunner(graph, ds, artifacts, "v").run(new TaskSpec("r1", "end", "0", 0));

        assertEquals(TaskStatus.FAILED, end.status());
        String message = end.error().message();
        assertTrue(message.startsWith("cannot read artifact `count` of start/0/0"), message);
        assertTrue(message.contains("written as java.lang.String"), message);
        assertTrue(message.contains("field count of type int"), message);
    }
}
