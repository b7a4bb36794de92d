package dev.cairn.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running task's log is saved as it grows, under the run's reserved _logs folder, and never after the saver stops. */
class PartialLogSaverTest {
    @TempDir
    Path root;

    private static String text(Optional<byte[]> bytes) {
        return bytes.map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
    }

    @Test
    void whatTheTaskPrintsIsSavedAsItGrowsAndNothingAfterTheSaverCloses() throws Exception {
        FlowDatastore datastore = new FlowDatastore(new LocalObjectStore(root), "p", "b", "F");
        TaskSpec spec = new TaskSpec("r1", "train", "0-3", 1);
        OutputCapture.Capture capture = OutputCapture.begin("r1");
        OutputCapture.Buffers output = capture.buffers();
        try (PartialLogSaver saver = PartialLogSaver.start(datastore, spec, output, Duration.ofMillis(10))) {
            output.out().write("epoch 1\n".getBytes(StandardCharsets.UTF_8));
            output.err().write("warning\n".getBytes(StandardCharsets.UTF_8));
            awaitSaved(datastore, "stdout", "epoch 1\n");
            awaitSaved(datastore, "stderr", "warning\n");
            output.out().write("epoch 2\n".getBytes(StandardCharsets.UTF_8));
            awaitSaved(datastore, "stdout", "epoch 1\nepoch 2\n");
        } finally {
            capture.end();
        }
        output.out().write("after\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("epoch 1\nepoch 2\n", text(datastore.readPartialLog("r1", "train", "0-3", 1, "stdout")));
        assertEquals(List.of(1), datastore.partialLogAttempts("r1", "train", "0-3"));
        assertEquals(List.of(), datastore.steps("r1"), "a reserved folder, no step: " + datastore.steps("r1"));
    }

    private static void awaitSaved(FlowDatastore datastore, String stream, String expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!text(datastore.readPartialLog("r1", "train", "0-3", 1, stream)).equals(expected)) {
            assertTrue(System.currentTimeMillis() < deadline, stream + " was not saved as " + expected);
            Thread.sleep(5);
        }
    }

    @Test
    void theIntervalIsTenSecondsUnlessTheEnvironmentSetsSecondsFromZero() {
        assertEquals(Duration.ofSeconds(10), PartialLogSaver.every(Map.of()));
        assertEquals(Duration.ofMillis(250), PartialLogSaver.every(Map.of(PartialLogSaver.EVERY_ENV, "0.25")));
        assertEquals(Duration.ZERO, PartialLogSaver.every(Map.of(PartialLogSaver.EVERY_ENV, "0")));
        for (String bad : List.of("-1", "ten", "NaN", "90000")) {
            var e = assertThrows(
                    IllegalArgumentException.class,
                    () -> PartialLogSaver.every(Map.of(PartialLogSaver.EVERY_ENV, bad)));
            assertTrue(e.getMessage().startsWith("CAIRN_PARTIAL_LOG_SECONDS must be"), e.getMessage());
            assertTrue(e.getMessage().endsWith("got " + bad), e.getMessage());
        }
    }
}
