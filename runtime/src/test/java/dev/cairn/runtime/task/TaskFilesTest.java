package dev.cairn.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.ObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.datastore.codec.BytesCodec;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.datastore.codec.JsonCodec;
import dev.cairn.datastore.s3.S3ObjectStore;
import dev.cairn.datastore.s3.S3Proxy;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import dev.cairn.flow.internal.graph.FlowGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a step writes into current().filesFolder() end up at current().filesLocation(), local or on S3. */
class TaskFilesTest {
    static final S3Proxy s3 = S3Proxy.shared();

    @TempDir
    Path root;

    public static class Writer extends FlowSpec {
        String location;
        String folder;
        boolean fail;

        @Step(next = "end")
        public void start() throws IOException {
            location = current().filesLocation();
            folder = current().filesFolder();
            Files.writeString(
                    Files.createDirectories(Path.of(folder, "extract")).resolve("part.txt"), "rows");
            Files.writeString(Path.of(folder, "top.txt"), "top");
        }

        @Step
        public void end() {}
    }

    public static class FailingWriter extends FlowSpec {
        @Step(next = "end")
        public void start() throws IOException {
            Files.writeString(Path.of(current().filesFolder(), "half.txt"), "half");
            throw new IllegalStateException("fails after writing a file");
        }

        @Step
        public void end() {}
    }

    private static TaskRecord runStart(ObjectStore store, Class<? extends FlowSpec> flow) throws IOException {
        FlowGraph graph = FlowGraph.of(flow);
        FlowDatastore datastore = new FlowDatastore(store, "tests", "test.files", graph.name());
        datastore.writeRun(new RunRecord(
                graph.name(),
                "tests",
                "test.files",
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
        TaskRunner runner = new TaskRunner(
                graph,
                datastore,
                new ArtifactStore(datastore.blobs(), new Codecs(List.of(new BytesCodec(), new JsonCodec()))),
                "v");
        return runner.run(new TaskSpec("r1", "start", "0", 0));
    }

    private static String read(ObjectStore store, String key) throws IOException {
        return new String(store.get(key), StandardCharsets.UTF_8);
    }

    @Test
    void onS3TheScratchFolderIsUploadedBeforeTheRecordAndRemoved() throws Exception {
        String bucket = s3.newBucket();
        ObjectStore store = new S3ObjectStore(s3.client(), bucket, "cairn");
        TaskRecord start = runStart(store, Writer.class);
        assertEquals(TaskStatus.SUCCEEDED, start.status());

        String files = "tests/test.files/Writer/runs/r1/start/0/files/";
        assertEquals("rows", read(store, files + "extract/part.txt"));
        assertEquals("top", read(store, files + "top.txt"));
        ArtifactStore artifacts = new ArtifactStore(
                new FlowDatastore(store, "tests", "test.files", "Writer").blobs(),
                new Codecs(List.of(new JsonCodec())));
        String location = (String)
                artifacts.read(start.artifacts().get("location"), String.class).value();
        assertEquals("s3://" + bucket + "/cairn/" + files.substring(0, files.length() - 1), location);
        String folder = (String)
                artifacts.read(start.artifacts().get("folder"), String.class).value();
        assertFalse(Files.exists(Path.of(folder)), "the scratch folder is removed after the upload");
    }

    @Test
    void onS3AFailedAttemptLeavesNoFiles() throws Exception {
        ObjectStore store = new S3ObjectStore(s3.client(), s3.newBucket(), "cairn");
        assertEquals(TaskStatus.FAILED, runStart(store, FailingWriter.class).status());
        assertFalse(store.exists("tests/test.files/FailingWriter/runs/r1/start/0/files/half.txt"));
    }

    @Test
    void onLocalDiskTheFolderIsTheFilesLocationItself() throws Exception {
        LocalObjectStore store = new LocalObjectStore(root);
        TaskRecord start = runStart(store, Writer.class);
        assertEquals(TaskStatus.SUCCEEDED, start.status());
        Path files = root.resolve("tests/test.files/Writer/runs/r1/start/0/files");
        assertEquals("rows", Files.readString(files.resolve("extract/part.txt")));
        assertTrue(Files.isRegularFile(files.resolve("top.txt")));
    }
}
