package dev.cairn.datastore.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.s3.LatencyProxy.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A small blob is stored with one PUT whether or not it is there: checking the copy there would take a HEAD and a
 * GET, and the PUT heals a damaged copy and renews an aged one all the same.
 */
class SmallBlobWritesTest {
    private static final S3Proxy s3 = S3Proxy.shared();

    @Test
    void storingASmallValueIsOnePutEvenWhenAnotherProcessStoredItBefore() throws Exception {
        try (LatencyProxy slow = LatencyProxy.of(s3, Duration.ZERO)) {
            String bucket = s3.newBucket();
            byte[] value = "{\"label\": \"item-7\"}".getBytes(StandardCharsets.UTF_8);

            for (int process = 0; process < 2; process++) {
                slow.resetCounts();
                var blobs = new FlowDatastore(new S3ObjectStore(slow.client(), bucket, "cairn"), "p", "b", "F").blobs();
                blobs.put(value);
                blobs.put(value.clone()); // the same process knows it now

                assertEquals(Map.of(Operation.PUT, 1L), slow.requestsByOperation(), "process " + process);
            }
            var reader = new FlowDatastore(new S3ObjectStore(s3.client(), bucket, "cairn"), "p", "b", "F").blobs();
            assertArrayEquals(value, reader.get(dev.cairn.datastore.BlobStore.sha256(value)));
        }
    }
}
