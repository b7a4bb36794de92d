package dev.cairn.datastore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every blob read is checked against its address; a put over a damaged blob replaces it. */
class VerifiedBlobsTest {
    private static final byte[] SUMMARY = "{\"accuracy\":0.9,\"country\":\"DE\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FLIPPED = "{\"accuracy\":1.9,\"country\":\"DE\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    private BlobStore blobs() throws Exception {
        return new BlobStore(new LocalObjectStore(root), "p/b/F/");
    }

    private Path file(String sha) {
        return root.resolve("p/b/F/data/" + sha.substring(0, 2) + "/" + sha);
    }

    /** What a flipped digit does to a blob written without a frame checksum: it still decompresses. */
    private void damage(String sha, byte[] otherContent) throws Exception {
        Files.write(file(sha), Zstd.compress(otherContent, 1));
    }

    @Test
    void flippedDigitInABlobIsReportedAsDamagedNamingTheBlob() throws Exception {
        String sha = blobs().put(SUMMARY);
        damage(sha, FLIPPED);
        var sized = assertThrows(DamagedBlobException.class, () -> blobs().get(sha, SUMMARY.length));
        assertTrue(sized.getMessage().contains("blob " + sha), sized.getMessage());
        assertTrue(sized.getMessage().contains("hashes to " + BlobStore.sha256(FLIPPED)), sized.getMessage());
        var unsized = assertThrows(DamagedBlobException.class, () -> blobs().get(sha));
        assertEquals(sha, unsized.sha());
    }

    @Test
    void damagedLargeBlobIsReportedWhileItIsStreamed() throws Exception {
        byte[] content = new byte[BlobStore.STREAM_BLOB_BYTES + 5];
        new Random(7).nextBytes(content);
        String sha = blobs().put(content);
        byte[] other = content.clone();
        other[content.length / 2] ^= 1;
        damage(sha, other);
        assertThrows(DamagedBlobException.class, () -> blobs().get(sha, content.length));
        assertThrows(DamagedBlobException.class, () -> blobs().get(sha));
    }

    @Test
    void blobCutShortIsReportedAsDamaged() throws Exception {
        byte[] content = new byte[BlobStore.LARGE_BLOB_BYTES * 3];
        new Random(8).nextBytes(content);
        String sha = blobs().put(content);
        byte[] stored = Files.readAllBytes(file(sha));
        Files.write(file(sha), java.util.Arrays.copyOf(stored, stored.length / 2));
        var e = assertThrows(DamagedBlobException.class, () -> blobs().get(sha, content.length));
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
    }

    @Test
    void missingBlobIsReportedAsMissingNamingTheBlob() throws Exception {
        String sha = blobs().put(SUMMARY);
        Files.delete(file(sha));
        var e = assertThrows(MissingBlobException.class, () -> blobs().get(sha, SUMMARY.length));
        assertEquals("blob " + sha + " is missing from " + root, e.getMessage());
    }

    @Test
    void putOverADamagedBlobReplacesIt() throws Exception {
        String sha = blobs().put(SUMMARY);
        damage(sha, FLIPPED);
        assertEquals(sha, blobs().put(SUMMARY));
        assertArrayEquals(SUMMARY, blobs().get(sha, SUMMARY.length));
    }

    @Test
    void putOverADamagedLargeBlobReplacesIt() throws Exception {
        byte[] content = new byte[BlobStore.STREAM_BLOB_BYTES + 5];
        new Random(9).nextBytes(content);
        String sha = blobs().put(content);
        Files.write(file(sha), new byte[] {1, 2, 3});
        assertEquals(sha, blobs().put(content));
        assertArrayEquals(content, blobs().get(sha, content.length));
    }

    @Test
    void damagedBlobReadInTheSameStoreIsReplacedByTheNextPut() throws Exception {
        BlobStore blobs = blobs();
        String sha = blobs.put(SUMMARY);
        damage(sha, FLIPPED);
        assertThrows(DamagedBlobException.class, () -> blobs.get(sha, SUMMARY.length));
        blobs.put(SUMMARY);
        assertArrayEquals(SUMMARY, blobs.get(sha, SUMMARY.length));
    }

    @Test
    void framesCarryTheirChecksumAndBlobsWrittenWithoutOneStillRead() throws Exception {
        byte[] large = new byte[BlobStore.STREAM_BLOB_BYTES];
        new Random(10).nextBytes(large);
        for (byte[] content : new byte[][] {SUMMARY, new byte[BlobStore.LARGE_BLOB_BYTES], large}) {
            String sha = blobs().put(content);
            byte frameHeaderDescriptor = Files.readAllBytes(file(sha))[4];
            assertTrue(
                    (frameHeaderDescriptor & 0x04) != 0, "content checksum flag of a " + content.length + "-byte blob");
        }
        String old = BlobStore.sha256(FLIPPED);
        Files.createDirectories(file(old).getParent());
        Files.write(file(old), Zstd.compress(FLIPPED, 1));
        assertArrayEquals(FLIPPED, blobs().get(old, FLIPPED.length));
    }

    @Test
    void flippedByteInACompressedFrameIsCaughtByItsChecksum() throws Exception {
        byte[] content = "abc".repeat(1000).getBytes(StandardCharsets.UTF_8);
        String sha = blobs().put(content);
        byte[] stored = Files.readAllBytes(file(sha));
        stored[stored.length - 2] ^= 1; // inside the checksum: the content itself decompresses as it was written
        Files.write(file(sha), stored);
        var e = assertThrows(DamagedBlobException.class, () -> blobs().get(sha, content.length));
        assertTrue(e.getMessage().contains("does not decompress"), e.getMessage());
    }
}
