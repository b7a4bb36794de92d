package dev.cairn.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BlobStore#verify} reads a blob through, streamed, and says whether it holds what its address says. */
class BlobVerifyTest {
    @TempDir
    Path root;

    private BlobStore blobs() throws Exception {
        return new BlobStore(new LocalObjectStore(root), "p/b/F/");
    }

    private Path file(String sha) {
        return root.resolve("p/b/F/data/" + sha.substring(0, 2) + "/" + sha);
    }

    @Test
    void anIntactBlobOfAnySizeVerifiesAndGivesItsSize() throws Exception {
        byte[] large = new byte[BlobStore.STREAM_BLOB_BYTES + 5]; // written streamed, in a frame of unknown size
        new Random(3).nextBytes(large);
        byte[] small = "{\"accuracy\":0.9}".getBytes(StandardCharsets.UTF_8);

        assertEquals(large.length, blobs().verify(blobs().put(large)));
        assertEquals(small.length, blobs().verify(blobs().put(small)));
    }

    @Test
    void aStreamedBlobStoredUncompressedVerifiesAndAFlippedByteInItIsDamaged() throws Exception {
        byte[] arrowLike = new byte[3 * (256 << 10) + 7]; // stored as it is, as Arrow artifacts are
        new Random(5).nextBytes(arrowLike);
        arrowLike[0] = 'A';
        BlobStore.StoredBlob stored = blobs().put(out -> out.write(arrowLike));
        assertEquals(arrowLike.length, blobs().verify(stored.sha()));

        byte[] flipped = Files.readAllBytes(file(stored.sha()));
        flipped[flipped.length / 2] ^= 0x01;
        Files.write(file(stored.sha()), flipped);

        assertThrows(DamagedBlobException.class, () -> blobs().verify(stored.sha()));
    }

    @Test
    void aFlippedDigitIsDamagedNamingWhatItHashesTo() throws Exception {
        String sha = blobs().put("{\"accuracy\":0.9}".getBytes(StandardCharsets.UTF_8));
        byte[] flipped = "{\"accuracy\":1.9}".getBytes(StandardCharsets.UTF_8);
        Files.write(file(sha), Zstd.compress(flipped, 1)); // no frame checksum: it decompresses

        var e = assertThrows(DamagedBlobException.class, () -> blobs().verify(sha));

        assertEquals(sha, e.sha());
        assertEquals("its content hashes to " + BlobStore.sha256(flipped) + ", not to its address", e.problem());
    }

    @Test
    void aBlobCutShortIsDamaged() throws Exception {
        byte[] content = new byte[BlobStore.LARGE_BLOB_BYTES * 3];
        new Random(8).nextBytes(content);
        String sha = blobs().put(content);
        byte[] stored = Files.readAllBytes(file(sha));
        Files.write(file(sha), Arrays.copyOf(stored, stored.length / 2));

        var e = assertThrows(DamagedBlobException.class, () -> blobs().verify(sha));

        assertTrue(e.getMessage().startsWith("blob " + sha + " in " + root + " is damaged: "), e.getMessage());
    }

    @Test
    void aDeletedBlobIsMissing() throws Exception {
        String sha = blobs().put(new byte[] {1, 2, 3});
        Files.delete(file(sha));

        var e = assertThrows(MissingBlobException.class, () -> blobs().verify(sha));

        assertEquals(sha, e.sha());
    }
}
