package dev.cairn.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.NotFoundException;
import dev.cairn.client.Task;
import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.s3.S3ObjectStore;
import dev.cairn.datastore.s3.S3Proxy;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

class ModelExportTest {
    static final Instant NOW = Instant.parse("2026-11-26T09:00:00.123Z");

    @TempDir
    static Path dir;

    /** The datastore the task ran in; its models go beside it, to {@code dir/datastore-models}. */
    static Path root;

    static Task task;
    static final S3Proxy s3 = S3Proxy.shared();

    @BeforeAll
    static void train() throws Exception {
        root = dir.resolve("datastore");
        task = ScorerFlows.trainedTask(root);
    }

    private static ModelExport export(dev.cairn.datastore.ObjectStore store) {
        return new ModelExport(store, ModelExportTest.class.getClassLoader(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void archiveIsStoredBesideTheDatastoreInItsModelsFolderWithItsManifest() throws Exception {
        ExportedModel exported = export(new LocalObjectStore(root)).export(task, "model");

        String key = "servingtests/test.serving/Scorer/" + task.runId() + "/start/0/model/model.tar.gz";
        assertEquals(key, exported.key());
        assertEquals(dir.resolve("datastore-models").resolve(key).toString(), exported.location());
        assertFalse(
                Files.exists(root.resolve("servingtests/test.serving/Scorer/models")), "nothing among the run data");
        ModelArchive.Contents contents = ModelArchive.read(Path.of(exported.location()));
        ArtifactRef ref = task.artifactRef("model");
        assertEquals(
                new ModelManifest(
                        1,
                        "servingtests",
                        "Scorer",
                        "test.serving",
                        task.runId(),
                        "start",
                        "0",
                        "model",
                        LinearScorer.class.getName(),
                        "json",
                        ref.sha(),
                        task.record().codeVersion(),
                        NOW),
                contents.manifest());
        assertArrayEquals(task.artifactBytes("model"), contents.artifact());
        assertEquals(Files.size(Path.of(exported.location())), exported.archiveBytes());
    }

    @Test
    void localCopyIsTheSameArchive() throws Exception {
        Path copy = dir.resolve("out/model.tar.gz");

        ExportedModel exported = export(new LocalObjectStore(root)).export(task, "model", copy);

        assertArrayEquals(Files.readAllBytes(Path.of(exported.location())), Files.readAllBytes(copy));
    }

    @Test
    void s3DatastoreGetsThePlainKeySageMakerReadsOutsideTheExpiringRunData() throws Exception {
        String bucket = s3.newBucket();

        ExportedModel exported =
                export(new S3ObjectStore(s3.client(), bucket, "cairn")).export(task, "model");

        // cairn/ is the run data the platform's lifecycle rule expires; cairn-models/ never expires
        String key = "cairn-models/servingtests/test.serving/Scorer/" + task.runId() + "/start/0/model/model.tar.gz";
        assertEquals(key, ModelExport.s3Key("cairn", exported.manifest()), "the key cdk's ModelExport gives SageMaker");
        assertEquals("s3://" + bucket + "/" + key, exported.location());
        assertEquals(
                List.of(key),
                s3.client().listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                        .map(S3Object::key)
                        .toList(),
                "the archive and nothing else, nothing under cairn/");
        byte[] stored =
                s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        ModelArchive.Contents contents = ModelArchive.read(new ByteArrayInputStream(stored), exported.location());
        assertEquals(exported.manifest(), contents.manifest());
    }

    @Test
    void datastoreAtABucketsRootHasNoPlaceBesideItForModels() {
        String bucket = s3.newBucket();

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> export(new S3ObjectStore(s3.client(), bucket, "")).export(task, "model"));

        assertTrue(e.getMessage().contains("is the bucket's root: give it a prefix"), e.getMessage());
        assertEquals(0, s3.client().listObjectsV2(b -> b.bucket(bucket)).keyCount());
    }

    @Test
    void artifactOfAPlainTypeIsRefusedSayingWhatToImplement() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> export(new LocalObjectStore(root)).export(task, "notes"));

        assertEquals(
                "artifact `notes` of task " + task.pathspec()
                        + " is a java.util.List<java.lang.String>, which cannot be"
                        + " served: make it implement dev.cairn.flow.serving.Predictor (features(), predict(rows))"
                        + " or Predictor.Source (predictor())",
                e.getMessage());
    }

    @Test
    void unknownArtifactListsTheTasksArtifacts() {
        NotFoundException e = assertThrows(
                NotFoundException.class,
                () -> export(new LocalObjectStore(root)).export(task, "modle"));

        assertTrue(
                e.getMessage().endsWith("has no artifact `modle`; its artifacts are [model, notes]"), e.getMessage());
    }
}
