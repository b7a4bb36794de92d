package dev.cairn.datastore.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import dev.cairn.datastore.BlobStore;
import dev.cairn.datastore.DamagedBlobException;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.MissingBlobException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** Blob reads on S3 are checked against their address as on local disk, and a put heals a damaged blob. */
class S3VerifiedBlobsTest {
    private static final S3Proxy s3 = S3Proxy.shared();
    private static final byte[] SUMMARY = "{\"accuracy\":0.9}".getBytes(StandardCharsets.UTF_8);
    private String bucket;

    @BeforeEach
    void newBucket() {
        bucket = s3.newBucket();
    }

    private BlobStore blobs() {
        return new FlowDatastore(new S3ObjectStore(s3.client(), bucket, "cairn"), "p", "b", "F").blobs();
    }

    private void overwrite(String sha, byte[] stored) {
        s3.client()
                .putObject(
                        b -> b.bucket(bucket).key("cairn/p/b/F/data/" + sha.substring(0, 2) + "/" + sha),
                        RequestBody.fromBytes(stored));
    }

    @Test
    void flippedDigitOnS3IsReportedAsDamagedNamingTheBlobAndItsBucket() throws Exception {
        String sha = blobs().put(SUMMARY);
        overwrite(sha, Zstd.compress("{\"accuracy\":1.9}".getBytes(StandardCharsets.UTF_8), 1));

        var e = assertThrows(DamagedBlobException.class, () -> blobs().get(sha, SUMMARY.length));

        assertTrue(
                e.getMessage()
                        .startsWith("blob " + sha + " in s3://" + bucket + "/cairn is damaged: its content hashes"),
                e.getMessage());
    }

    @Test
    void damagedLargeBlobOnS3IsReportedAndAPutReplacesIt() throws Exception {
        byte[] content = new byte[(8 << 20) + 3];
        new Random(5).nextBytes(content);
        String sha = blobs().put(content);
        byte[] other = content.clone();
        other[7] ^= 1;
        overwrite(sha, Zstd.compress(other, 1));
        assertThrows(DamagedBlobException.class, () -> blobs().get(sha, content.length));

        assertEquals(sha, blobs().put(content));

        assertArrayEquals(content, blobs().get(sha, content.length));
    }

    @Test
    void putOnS3ReplacesADamagedSmallBlob() throws Exception {
        String sha = blobs().put(SUMMARY);
        overwrite(sha, new byte[] {1, 2, 3});

        blobs().put(SUMMARY);

        assertArrayEquals(SUMMARY, blobs().get(sha, SUMMARY.length));
    }

    @Test
    void missingBlobOnS3IsReportedAsMissing() throws Exception {
        String sha = BlobStore.sha256(SUMMARY);
        var e = assertThrows(MissingBlobException.class, () -> blobs().get(sha));
        assertEquals("blob " + sha + " is missing from s3://" + bucket + "/cairn", e.getMessage());
    }
}
