package dev.cairn.datastore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {
    @TempDir
    Path root;

    private long files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void addressIsTheSha256OfTheUncompressedBytes() throws Exception {
        var blobs = new BlobStore(new LocalObjectStore(root), "p/b/F/");
        byte[] content = "hello".getBytes();
        String sha = blobs.put(content);
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", sha);
        assertTrue(Files.exists(root.resolve("p/b/F/data/2c/" + sha)));
        assertArrayEquals(content, blobs.get(sha));
    }

    @Test
    void identicalContentIsStoredOnceEvenFromSeparateStores() throws Exception {
        byte[] content = new byte[10_000];
        new BlobStore(new LocalObjectStore(root), "x/").put(content);
        new BlobStore(new LocalObjectStore(root), "x/").put(content.clone());
        assertEquals(1, files(root.resolve("x/data")));
    }

    @Test
    void compressibleContentTakesLessSpaceOnDisk() throws Exception {
        var blobs = new BlobStore(new LocalObjectStore(root), "");
        String sha = blobs.put("abc".repeat(100_000).getBytes());
        assertTrue(Files.size(root.resolve("data/" + sha.substring(0, 2) + "/" + sha)) < 10_000);
    }

    @Test
    void damagedBlobIsReportedNotReturned() throws Exception {
        var blobs = new BlobStore(new LocalObjectStore(root), "");
        String sha = blobs.put("some artifact".getBytes());
        Files.write(root.resolve("data/" + sha.substring(0, 2) + "/" + sha), new byte[] {1, 2, 3});
        var fresh = new BlobStore(new LocalObjectStore(root), "");
        assertThrows(IOException.class, () -> fresh.get(sha));
    }

    @Test
    void largeBlobsAreStreamedAndReadBackWithOrWithoutTheirSize() throws Exception {
        var blobs = new BlobStore(new LocalObjectStore(root), "");
        byte[] content = new byte[BlobStore.LARGE_BLOB_BYTES * 20 + 17];
        new java.util.Random(3).nextBytes(content);
        java.util.Arrays.fill(content, 0, content.length / 2, (byte) 'a');
        String sha = blobs.put(content);
        assertEquals(BlobStore.sha256(content), sha);
        assertArrayEquals(content, blobs.get(sha, content.length));
        assertArrayEquals(content, blobs.get(sha));
        assertTrue(Files.size(root.resolve("data/" + sha.substring(0, 2) + "/" + sha)) < content.length * 0.8);
        try (var staging = Files.list(root.resolve(".staging"))) {
            assertEquals(0, staging.count(), "the staged file was moved into place");
        }
    }

    @Test
    void largeBlobReadWithTheWrongSizeIsReportedAsDamaged() throws Exception {
        var blobs = new BlobStore(new LocalObjectStore(root), "");
        byte[] content = new byte[BlobStore.LARGE_BLOB_BYTES + 1];
        String sha = blobs.put(content);
        var e = assertThrows(IOException.class, () -> blobs.get(sha, content.length - 1));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void addressThatIsNotAShaIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new BlobStore(new LocalObjectStore(root), "").get("../../etc/passwd"));
    }
}
