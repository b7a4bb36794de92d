package dev.cairn.datastore.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.s3.LatencyProxy.Operation;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyProxyTest {
    private static final S3Proxy s3 = S3Proxy.shared();

    @Test
    void signedRequestsThroughTheProxyReachS3proxyAndAreCountedByOperation() throws Exception {
        try (LatencyProxy slow = LatencyProxy.of(s3, Duration.ZERO)) {
            S3ObjectStore store = new S3ObjectStore(slow.client(), s3.newBucket(), "cairn");
            store.put("a/one.json", "{\"x\":1}".getBytes());
            store.put("a/two.json", "{\"x\":2}".getBytes());
            assertArrayEquals("{\"x\":1}".getBytes(), store.get("a/one.json"));
            assertTrue(store.exists("a/two.json"));
            assertFalse(store.exists("a/three.json"));
            assertThrows(NoSuchFileException.class, () -> store.get("a/three.json"));
            assertEquals(List.of("one.json", "two.json"), store.list("a"));

            assertEquals(
                    Map.of(Operation.PUT, 2L, Operation.GET_OBJECT, 2L, Operation.HEAD, 2L, Operation.LIST, 1L),
                    slow.requestsByOperation());
            assertEquals(7, slow.requests());
        }
    }

    @Test
    void streamedUploadsAndDownloadsPassWhole(@TempDir Path dir) throws Exception {
        byte[] content = new byte[3 << 20];
        new Random(17).nextBytes(content);
        Path file = Files.write(dir.resolve("blob"), content);
        try (LatencyProxy slow = LatencyProxy.of(s3, Duration.ZERO)) {
            S3ObjectStore store = new S3ObjectStore(slow.client(), s3.newBucket(), "");
            store.putFile("big", file);
            try (var in = store.open("big")) {
                assertArrayEquals(content, in.readAllBytes());
            }
            assertEquals(1, slow.requests(Operation.PUT));
            assertEquals(1, slow.requests(Operation.GET_OBJECT));
        }
    }

    @Test
    void everyRequestWaitsTheDelayBeforeItIsForwarded() throws Exception {
        Duration delay = Duration.ofMillis(40);
        try (LatencyProxy slow = LatencyProxy.of(s3, Duration.ZERO)) {
            S3ObjectStore store = new S3ObjectStore(slow.client(), s3.newBucket(), "");
            store.put("k", new byte[] {1});
            slow.delay(delay);
            slow.resetCounts();
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                store.get("k");
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(10, slow.requests(Operation.GET_OBJECT));
            assertEquals(10, slow.requests());
            // a lower bound only: ten requests one after another cannot take less than ten delays
            assertTrue(elapsed.compareTo(delay.multipliedBy(10)) >= 0, "10 gets took only " + elapsed);
        }
    }
}
