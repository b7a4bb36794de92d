package dev.cairn.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.NotFoundException;
import dev.cairn.client.Task;
import dev.cairn.runtime.datastore.ArtifactRef;
import dev.cairn.runtime.datastore.LocalObjectStore;
import dev.cairn.runtime.datastore.s3.S3ObjectStore;
import dev.cairn.runtime.datastore.s3.S3Proxy;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelExportTest {
    static final Instant NOW = Instant.parse("2026-11-26T09:00:00.123Z");

    @TempDir
    static Path root;

    static Task task;
    static final S3Proxy s3 = S3Proxy.shared();

    @BeforeAll
    static void train() throws Exception {
        task = ScorerFlows.trainedTask(root);
    }

    private static ModelExport export(dev.cairn.runtime.datastore.ObjectStore store) {
        return new ModelExport(store, ModelExportTest.class.getClassLoader(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void archiveIsStoredUnderTheFlowsModelsFolderWithItsManifest() throws Exception {
        ExportedModel exported = export(new LocalObjectStore(root)).export(task, "model");

        String key = "servingtests/test.serving/Scorer/models/" + task.runId() + "/start/0/model/model.tar.gz";
        assertEquals(key, exported.key());
        assertEquals(root.resolve(key).toString(), exported.location());
        ModelArchive.Contents contents = ModelArchive.read(Path.of(exported.location()));
        ArtifactRef ref = task.artifactRef("model");
        assertEquals(new ModelManifest(1, "servingtests", "Scorer", "test.serving", task.runId(), "start", "0", "model",
                LinearScorer.class.getName(), "json", ref.sha(), task.record().codeVersion(), NOW), contents.manifest());
        assertArrayEquals(task.artifactBytes("model"), contents.artifact());
        assertEquals(Files.size(Path.of(exported.location())), exported.archiveBytes());
    }

    @Test
    void localCopyIsTheSameArchive() throws Exception {
        Path copy = root.resolve("out/model.tar.gz");

        ExportedModel exported = export(new LocalObjectStore(root)).export(task, "model", copy);

        assertArrayEquals(Files.readAllBytes(Path.of(exported.location())), Files.readAllBytes(copy));
    }

    @Test
    void s3DatastoreGetsThePlainKeySageMakerReads() throws Exception {
        String bucket = s3.newBucket();

        ExportedModel exported = export(new S3ObjectStore(s3.client(), bucket, "cairn")).export(task, "model");

        assertEquals("s3://" + bucket + "/cairn/servingtests/test.serving/Scorer/models/" + task.runId()
                + "/start/0/model/model.tar.gz", exported.location());
        byte[] stored = s3.client().getObjectAsBytes(b -> b.bucket(bucket).key("cairn/" + exported.key())).asByteArray();
        ModelArchive.Contents contents = ModelArchive.read(new ByteArrayInputStream(stored), exported.location());
        assertEquals(exported.manifest(), contents.manifest());
    }

    @Test
    void artifactOfAPlainTypeIsRefusedSayingWhatToImplement() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> export(new LocalObjectStore(root)).export(task, "notes"));

        assertEquals("artifact `notes` of task " + task.pathspec() + " is a java.util.List<java.lang.String>, which cannot be"
                + " served: make it implement dev.cairn.flow.serving.Predictor (features(), predict(rows))"
                + " or Predictor.Source (predictor())", e.getMessage());
    }

    @Test
    void unknownArtifactListsTheTasksArtifacts() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> export(new LocalObjectStore(root)).export(task, "modle"));

        assertTrue(e.getMessage().endsWith("has no artifact `modle`; its artifacts are [model, notes]"), e.getMessage());
    }
}
