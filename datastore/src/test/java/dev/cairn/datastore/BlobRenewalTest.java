package dev.cairn.datastore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blobs are shared by runs but expire by the age of their last write: a blob a new run stores again (or a resumed
 * run reuses) must start its age again, or the lifecycle rule deletes it under a run that is days old.
 */
class BlobRenewalTest {
    private static final String PREFIX = "p/b/F/";

    @TempDir
    Path root;

    private Path file(String sha) {
        return root.resolve(PREFIX + "data/" + sha.substring(0, 2) + "/" + sha);
    }

    private void age(String sha, Duration age) throws Exception {
        Files.setLastModifiedTime(file(sha), FileTime.from(Instant.now().minus(age)));
    }

    private BlobStore freshStore() throws Exception {
        return new BlobStore(new LocalObjectStore(root), PREFIX);
    }

    @Test
    void aBlobOlderThanTheRenewalAgeThatIsStoredAgainStartsItsAgeAgain() throws Exception {
        byte[] small = "a feature table".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[BlobStore.STREAM_BLOB_BYTES + 1];
        new Random(7).nextBytes(large);
        String smallSha = freshStore().put(small);
        String largeSha = freshStore().put(large);
        String streamedSha = freshStore().put(out -> out.write(large, 0, 1000)).sha();
        for (String sha : new String[] {smallSha, largeSha, streamedSha}) {
            age(sha, Duration.ofDays(400));
        }

        freshStore().put(small);
        freshStore().put(large);
        freshStore().put(out -> out.write(large, 0, 1000));

        Instant recently = Instant.now().minus(Duration.ofMinutes(5));
        for (String sha : new String[] {smallSha, largeSha, streamedSha}) {
            assertTrue(Files.getLastModifiedTime(file(sha)).toInstant().isAfter(recently), sha);
        }
        assertArrayEquals(small, freshStore().get(smallSha));
        assertArrayEquals(large, freshStore().get(largeSha, large.length));
    }

    @Test
    void aLargeBlobWrittenWithinTheRenewalAgeIsLeftAsItIs() throws Exception {
        // a small blob is written again whenever it is stored (one PUT is cheaper than checking it)
        byte[] content = new byte[BlobStore.LARGE_BLOB_BYTES + 1];
        new java.util.Random(7).nextBytes(content);
        String sha = freshStore().put(content);
        age(sha, BlobStore.RENEW_AFTER.minusDays(1));
        FileTime before = Files.getLastModifiedTime(file(sha));

        freshStore().put(content);
        freshStore().renewIfAged(sha);

        assertEquals(before, Files.getLastModifiedTime(file(sha)));
    }

    @Test
    void renewingForAReusedTaskRenewsAnAgedBlobAndNamesAMissingOne() throws Exception {
        String sha = freshStore().put("reused by resume".getBytes(StandardCharsets.UTF_8));
        age(sha, Duration.ofDays(90));

        freshStore().renewIfAged(sha);

        assertTrue(Files.getLastModifiedTime(file(sha))
                .toInstant()
                .isAfter(Instant.now().minus(Duration.ofMinutes(5))));
        Files.delete(file(sha));
        MissingBlobException e =
                assertThrows(MissingBlobException.class, () -> freshStore().renewIfAged(sha));
        assertTrue(e.getMessage().contains(sha), e.getMessage());
    }
}
