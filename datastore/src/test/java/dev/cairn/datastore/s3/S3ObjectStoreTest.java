package dev.cairn.datastore.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.StagedObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ObjectStoreTest {
    private static final S3Proxy s3 = S3Proxy.shared();
    private String bucket;

    @BeforeEach
    void newBucket() {
        bucket = s3.newBucket();
    }

    private S3ObjectStore store(String prefix) {
        return new S3ObjectStore(s3.client(), bucket, prefix);
    }

    private List<String> keys() {
        return s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    private static long stagedFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("cairn-s3-"))
                    .count();
        }
    }

    @Test
    void putThenGetReturnsTheSameBytes() throws Exception {
        var store = store("root");
        store.put("a/b/c.json", "{\"x\":1}".getBytes());
        assertArrayEquals("{\"x\":1}".getBytes(), store.get("a/b/c.json"));
        assertTrue(store.exists("a/b/c.json"));
        assertEquals(List.of("root/a/b/c.json"), keys());
    }

    @Test
    void renewingCopiesTheObjectOntoItselfSoItsAgeStartsAgainAndItsContentStays() throws Exception {
        var store = store("root");
        byte[] content = "{\"x\":1}".getBytes();
        store.put("data/ab/blob", content);
        Instant written = store.lastWritten("data/ab/blob").orElseThrow();
        // S3 keeps Last-Modified to the second: renew once the clock has passed the write's second
        Instant deadline = Instant.now().plusSeconds(5);
        while (!Instant.now().isAfter(written.plusSeconds(1)) && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }

        store.renew("data/ab/blob");

        assertTrue(store.lastWritten("data/ab/blob").orElseThrow().isAfter(written));
        assertArrayEquals(content, store.get("data/ab/blob"));
        assertEquals(List.of("root/data/ab/blob"), keys());
        assertEquals(Optional.empty(), store.lastWritten("data/ab/none"));
        assertThrows(NoSuchFileException.class, () -> store.renew("data/ab/none"));
    }

    @Test
    void putReplaces() throws Exception {
        var store = store("");
        store.put("k", new byte[] {1});
        store.put("k", new byte[] {2, 3});
        assertArrayEquals(new byte[] {2, 3}, store.get("k"));
        assertEquals(List.of("k"), keys());
    }

    @Test
    void emptyObjectRoundTrips() throws Exception {
        var store = store("p");
        store.put("empty", new byte[0]);
        assertTrue(store.exists("empty"));
        assertArrayEquals(new byte[0], store.get("empty"));
    }

    @Test
    void listGivesSortedImmediateChildrenWithoutTheStagingFolder() throws Exception {
        var store = store("");
        store.put("runs/r2/run.json", new byte[0]);
        store.put("runs/r1/start/0/0.json", new byte[0]);
        store.put(".staging/left-over", new byte[0]);
        assertEquals(List.of("r1", "r2"), store.list("runs"));
        assertEquals(List.of("runs"), store.list(""));
        assertEquals(List.of(), store.list("nothing/here"));
        assertEquals(List.of("run.json"), store.list("runs/r2"));
        assertEquals(List.of("r1", "r2"), store.list("runs/"), "a trailing slash changes nothing");
    }

    @Test
    void listMixesFoldersAndObjectsAndPagesThroughLongListings() throws Exception {
        var store = store("deep/prefix/");
        for (int i = 0; i < 1_005; i++) {
            store.put("many/" + String.format("%04d", i) + ".json", new byte[] {1});
        }
        store.put("many/sub/x", new byte[] {1});
        List<String> names = store.list("many");
        assertEquals(1_006, names.size());
        assertEquals("0000.json", names.get(0));
        assertEquals("sub", names.get(1_005));
        assertEquals(List.of("many"), store.list(""));
    }

    @Test
    void prefixIsJoinedWithoutDoubleSlashes() throws Exception {
        store("/a//b/").put("c//d", new byte[] {7});
        assertEquals(List.of("a/b/c/d"), keys());
        assertArrayEquals(new byte[] {7}, store("a/b").get("c/d"));
        assertEquals("s3://" + bucket + "/a/b", store("/a//b/").location());
        assertEquals("s3://" + bucket, store("").location());
    }

    @Test
    void missingObjectIsNoSuchFile() throws Exception {
        var store = store("p");
        assertFalse(store.exists("nope"));
        var e = assertThrows(NoSuchFileException.class, () -> store.get("nope"));
        assertEquals("nope", e.getFile());
    }

    @Test
    void missingBucketIsAnIoErrorNotAMissingObject() {
        var store = new S3ObjectStore(s3.client(), "no-such-bucket", "");
        var e = assertThrows(IOException.class, () -> store.put("k", new byte[1]));
        assertFalse(e instanceof NoSuchFileException);
        assertTrue(e.getMessage().contains("s3://no-such-bucket/k"), e.getMessage());
    }

    @Test
    void keyThatEscapesTheRootIsRefused() {
        var store = store("p");
        var e = assertThrows(IllegalArgumentException.class, () -> store.put("../outside", new byte[0]));
        assertTrue(e.getMessage().contains("escapes the datastore"));
        assertThrows(IllegalArgumentException.class, () -> store.get("/absolute"));
    }

    @Test
    void smallStagedObjectIsPublishedWithOnePut() throws Exception {
        var store = store("p");
        long before = stagedFiles();
        try (StagedObject staged = store.stage()) {
            staged.stream().write("staged".getBytes());
            assertEquals(List.of(), keys(), "nothing is visible before publish");
            staged.publish("s/obj");
        }
        assertArrayEquals("staged".getBytes(), store.get("s/obj"));
        assertEquals(before, stagedFiles(), "the temporary file is gone");
    }

    @Test
    void largeStagedObjectIsUploadedInPartsAndReadsBackWhole() throws Exception {
        var store = store("p");
        byte[] content = new byte[40 << 20];
        new Random(5).nextBytes(content);
        long before = stagedFiles();
        try (StagedObject staged = store.stage();
                OutputStream out = staged.stream()) {
            for (int off = 0; off < content.length; off += 1 << 20) {
                out.write(content, off, 1 << 20);
            }
            staged.publish("big");
        }
        assertArrayEquals(content, store.get("big"));
        assertEquals(before, stagedFiles());
        var head = s3.client().headObject(b -> b.bucket(bucket).key("p/big"));
        assertEquals(content.length, head.contentLength());
        assertTrue(head.eTag().endsWith("-3\""), "a multipart ETag names its 3 parts: " + head.eTag());
        assertTrue(s3.client()
                .listMultipartUploads(b -> b.bucket(bucket))
                .uploads()
                .isEmpty());
    }

    @Test
    void stagedObjectClosedWithoutPublishLeavesNothing() throws Exception {
        var store = store("p");
        long before = stagedFiles();
        try (StagedObject staged = store.stage()) {
            staged.stream().write(new byte[1 << 20]);
        }
        assertEquals(List.of(), keys());
        assertEquals(before, stagedFiles());
    }

    @Test
    void failedLargeUploadIsReportedAndLeavesNoTemporaryFile() throws Exception {
        var store = new S3ObjectStore(s3.client(), "no-such-bucket", "p");
        long before = stagedFiles();
        try (StagedObject staged = store.stage()) {
            staged.stream().write(new byte[(int) S3ObjectStore.MULTIPART_BYTES + 1]);
            assertThrows(IOException.class, () -> staged.publish("big"));
        }
        assertEquals(before, stagedFiles());
    }

    @Test
    void uriNamesBucketAndPrefix() {
        var store = S3ObjectStore.of(URI.create("s3://my-bucket/cairn/data/"));
        assertEquals("my-bucket", store.bucket());
        assertEquals("cairn/data", store.prefix());
        assertEquals("s3://my-bucket/cairn/data", store.location());
        assertEquals("s3://b", S3ObjectStore.of(URI.create("s3://b")).location());
        assertThrows(IllegalArgumentException.class, () -> S3ObjectStore.of(URI.create("file:///tmp/x")));
    }
}
