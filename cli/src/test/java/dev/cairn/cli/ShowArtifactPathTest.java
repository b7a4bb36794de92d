package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Cairn;
import dev.cairn.client.Run;
import dev.cairn.testing.CairnDatastore;
import dev.cairn.testing.CairnExtension;
import dev.cairn.testing.flows.LinearFlow;
import dev.cairn.testing.flows.NumericArtifactsFlow;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code cairn show FLOW/RUN/STEP/TASK --path ARTIFACT}: the blob's file, its encoding and how to read it. */
@ExtendWith(CairnExtension.class)
class ShowArtifactPathTest {
    static Path root;
    static Run numbers;
    static Run linear;

    @BeforeAll
    static void runTheFlows(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
        root = datastore;
        numbers = cairn.run(NumericArtifactsFlow.class, Map.of("rows", "4"));
        linear = cairn.run(LinearFlow.class, Map.of());
    }

    @Test
    void anArrowArtifactIsNamedByItsFileWithTheLinesThatReadIt() throws Exception {
        CliRun show = CliRun.of(root, "show", "NumericArtifactsFlow/" + numbers.id() + "/start/0", "--path", "scores");
        assertEquals(0, show.exitCode(), show.toString());
        String file = show.out().lines().findFirst().orElseThrow();
        assertTrue(file.startsWith(root.toString()), show.toString());
        assertTrue(show.out().contains("Arrow IPC stream") && show.out().contains("uncompressed"), show.toString());
        assertTrue(show.out().contains("pyarrow.ipc.open_stream('" + file + "')"), show.toString());
        assertTrue(show.out().contains("polars.read_ipc_stream("), show.toString());
        // the file is the Arrow stream itself: its last values are the array's 0.0, 0.25, 0.5, 0.75
        byte[] stored = Files.readAllBytes(Path.of(file));
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, Arrays.copyOf(stored, 4));
        ByteBuffer values = ByteBuffer.wrap(stored, 0, stored.length).order(ByteOrder.LITTLE_ENDIAN);
        boolean found = false;
        for (int at = 0; at + 32 <= stored.length && !found; at += 8) {
            found = values.getDouble(at) == 0.25
                    && values.getDouble(at + 8) == 0.5
                    && values.getDouble(at + 16) == 0.75;
        }
        assertTrue(found, "the values are in the file as little-endian doubles");
    }

    @Test
    void aJsonArtifactSaysItIsZstdCompressed() {
        CliRun show = CliRun.of(root, "show", "LinearFlow/" + linear.id() + "/train", "--path", "model");
        assertEquals(0, show.exitCode(), show.toString());
        assertTrue(show.out().contains("JSON (UTF-8), zstd-compressed: zstd -d"), show.toString());
    }

    @Test
    void pathNeedsATask() {
        CliRun show = CliRun.of(root, "show", "NumericArtifactsFlow/" + numbers.id(), "--path", "scores");
        assertEquals(2, show.exitCode(), show.toString());
        assertTrue(show.err().contains("--path needs a task"), show.toString());
    }
}
