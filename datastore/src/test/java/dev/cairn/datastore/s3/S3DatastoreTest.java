package dev.cairn.datastore.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.BlobStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.TaskStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The whole datastore stack (blobs, records, listings) on S3, as the step runner uses it. */
class S3DatastoreTest {
    private static final S3Proxy s3 = S3Proxy.shared();
    private String bucket;

    @BeforeEach
    void newBucket() {
        bucket = s3.newBucket();
    }

    private S3ObjectStore store() {
        return new S3ObjectStore(s3.client(), bucket, "cairn");
    }

    private List<String> keys(String under) {
        return s3.client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(under)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    private static TaskRecord record(String task, int attempt, TaskStatus status, Map<String, ArtifactRef> artifacts) {
        return new TaskRecord(
                "F",
                "r1",
                "train",
                task,
                attempt,
                status,
                artifacts,
                null,
                List.of("start/0/0"),
                null,
                null,
                null,
                Instant.parse("2026-11-26T06:00:00Z"),
                Instant.parse("2026-11-26T06:00:01Z"),
                "v1",
                null);
    }

    @Test
    void blobsAndRecordsRoundTripInTheDatastoreLayout() throws Exception {
        var ds = new FlowDatastore(store(), "p", "user.me", "F");
        assertEquals("s3://" + bucket + "/cairn/p/user.me/F/", ds.location());

        byte[] small = "{\"accuracy\":0.93}".getBytes();
        byte[] large = new byte[3 << 20];
        new Random(1).nextBytes(large);
        Arrays.fill(large, 0, large.length / 2, (byte) 'x');
        String smallSha = ds.blobs().put(small);
        String largeSha = ds.blobs().put(large);
        assertEquals(BlobStore.sha256(small), smallSha);
        assertEquals(BlobStore.sha256(large), largeSha);
        assertTrue(keys("cairn/p/user.me/F/data/")
                .containsAll(List.of(
                        "cairn/p/user.me/F/data/" + smallSha.substring(0, 2) + "/" + smallSha,
                        "cairn/p/user.me/F/data/" + largeSha.substring(0, 2) + "/" + largeSha)));

        var artifacts = Map.of(
                "metrics", new ArtifactRef(smallSha, "json", "java.util.Map", small.length),
                "weights", new ArtifactRef(largeSha, "bytes", "byte[]", large.length));
        ds.writeTask(record("0", 0, TaskStatus.FAILED, Map.of()));
        ds.writeTask(record("0", 1, TaskStatus.SUCCEEDED, artifacts));
        ds.writeTask(record("1", 0, TaskStatus.SUCCEEDED, Map.of()));
        var run = new RunRecord(
                "F",
                "p",
                "user.me",
                "r1",
                RunStatus.RUNNING,
                Map.of("alpha", 0.5),
                "v1",
                Instant.parse("2026-11-26T06:00:00Z"),
                null,
                null,
                null,
                null,
                "me");
        ds.writeRun(run);

        // a fresh reader (another process: the step runner of the join) sees all of it
        var reader = new FlowDatastore(store(), "p", "user.me", "F");
        assertEquals(List.of("r1"), reader.runIds());
        assertEquals(List.of("train"), reader.steps("r1"));
        assertEquals(List.of("0", "1"), reader.taskIds("r1", "train"));
        assertEquals(run, reader.readRun("r1").orElseThrow());
        TaskRecord latest = reader.latestTask("r1", "train", "0").orElseThrow();
        assertEquals(record("0", 1, TaskStatus.SUCCEEDED, artifacts), latest);
        assertEquals(2, reader.latestTasks("r1", "train").size());
        assertArrayEquals(
                small, reader.blobs().get(latest.artifacts().get("metrics").sha()));
        assertArrayEquals(large, reader.blobs().get(largeSha, large.length));
        assertArrayEquals(large, reader.blobs().get(largeSha));
        assertTrue(reader.readTask("r1", "train", "0", 7).isEmpty());
        assertTrue(reader.readRun("r2").isEmpty());
    }

    @Test
    void identicalContentIsStoredOnceAcrossWritersSmallAndLarge() throws Exception {
        byte[] small = new byte[10_000];
        byte[] large = new byte[2 << 20];
        new Random(2).nextBytes(large);
        var first = new FlowDatastore(store(), "p", "b", "F").blobs();
        var second = new FlowDatastore(store(), "p", "b", "F").blobs();
        assertEquals(first.put(small), second.put(small.clone()));
        assertEquals(first.put(large), second.put(large.clone()));
        assertEquals(first.put(large), first.put(large));
        assertEquals(2, keys("cairn/p/b/F/data/").size());
        assertTrue(second.exists(BlobStore.sha256(large)));
        assertFalse(second.exists(BlobStore.sha256(new byte[1])));
    }

    @Test
    void largeBlobOverTheMultipartThresholdRoundTrips() throws Exception {
        var blobs = new FlowDatastore(store(), "p", "b", "F").blobs();
        byte[] content = new byte[48 << 20]; // random bytes do not compress: > 16 MiB stored, so multipart
        new Random(4).nextBytes(content);
        String sha = blobs.put(content);
        var head = s3.client()
                .headObject(b -> b.bucket(bucket).key("cairn/p/b/F/data/" + sha.substring(0, 2) + "/" + sha));
        assertTrue(head.eTag().contains("-"), "uploaded in parts: " + head.eTag());
        assertArrayEquals(
                content, new FlowDatastore(store(), "p", "b", "F").blobs().get(sha, content.length));
        assertTrue(s3.client()
                .listMultipartUploads(b -> b.bucket(bucket))
                .uploads()
                .isEmpty());
    }

    @Test
    void branchesDoNotSeeEachOther() throws Exception {
        var prod = new FlowDatastore(store(), "p", "prod", "F");
        var mine = new FlowDatastore(store(), "p", "user.me", "F");
        prod.writeTask(record("0", 0, TaskStatus.SUCCEEDED, Map.of()));
        assertEquals(List.of("r1"), prod.runIds());
        assertEquals(List.of(), mine.runIds());
        assertNotEquals(prod.location(), mine.location());
    }

    /** Run with -Dcairn.s3.bench=true: a 100 MB blob through BlobStore on s3proxy. */
    @Test
    @EnabledIfSystemProperty(named = "cairn.s3.bench", matches = "true")
    void hundredMegabyteBlobTiming() throws Exception {
        byte[] content = new byte[100_000_000];
        new Random(6).nextBytes(content);
        Arrays.fill(content, 0, content.length / 2, (byte) 7);
        for (int round = 0; round < 3; round++) {
            var blobs =
                    new FlowDatastore(new S3ObjectStore(s3.client(), s3.newBucket(), "cairn"), "p", "b", "F").blobs();
            long t0 = System.nanoTime();
            String sha = blobs.put(content);
            long t1 = System.nanoTime();
            byte[] back = blobs.get(sha, content.length);
            long t2 = System.nanoTime();
            assertArrayEquals(content, back);
            System.out.printf(
                    "100 MB blob on s3proxy: put %d ms, get %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        }
    }
}
