package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.formats.Json;
import dev.cairn.testing.flows.NumericArtifactsFlow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's numeric and table artifacts read back whole, by column, by rows, and from outside Cairn: the file the
 * client names is opened by apache-arrow under Node.js (src/test/node), given only the datastore, run, step, task
 * and artifact name.
 */
class ArrowArtifactReadsTest {
    static final int ROWS = 5000;

    @TempDir
    static Path root;

    static Run run;
    static Task start;

    @BeforeAll
    static void runTheFlow() throws Exception {
        run = Cairn.local(root)
                .branch(CairnClientTest.BRANCH)
                .run(NumericArtifactsFlow.class, Map.of("rows", "" + ROWS));
        start = run.step("start").task();
    }

    @Test
    void theNextStepReadTheArraysTheFirstStored() {
        assertEquals(
                NumericArtifactsFlow.expectedTotal(ROWS), run.step("end").task().artifact("total", Double.class));
    }

    @Test
    void artifactsOfNumbersAreStoredAsArrowAndReadBackWhole() {
        assertEquals("arrow", start.artifactRef("scores").codec());
        assertEquals("arrow", start.artifactRef("ids").codec());
        assertEquals("arrow", start.artifactRef("spend").codec());
        double[] scores = start.artifact("scores", double[].class);
        assertEquals(ROWS, scores.length);
        assertEquals(1.25, scores[5]);
        NumericArtifactsFlow.Spend spend = start.artifact("spend", NumericArtifactsFlow.Spend.class);
        assertEquals(1_000_000L + ROWS - 1, spend.customer()[ROWS - 1]);
        assertEquals(List.of(0, 1, 2), spend.visits().subList(0, 3));
    }

    @Test
    void oneColumnAndARangeOfRowsReadWithoutTheRest() {
        assertArrayEquals(
                new double[] {0, 0.5, 1}, java.util.Arrays.copyOf(start.column("spend", "amount", double[].class), 3));
        assertArrayEquals(new double[] {2.5, 2.75}, start.rows("scores", 10, 12, double[].class));
        assertArrayEquals(new long[] {1_000_000L + ROWS - 1}, start.rows("ids", ROWS - 1, ROWS + 10, long[].class));
        var e = assertThrows(IllegalArgumentException.class, () -> start.column("spend", "price", double[].class));
        assertTrue(e.getMessage().contains("[customer, amount, visits]"), e.getMessage());
        assertTrue(e.getMessage().contains("spend") && e.getMessage().contains(start.pathspec()), e.getMessage());
    }

    @Test
    void theLocationNamesAnUncompressedArrowFileInTheDatastore() {
        ArtifactLocation location = start.artifactLocation("scores");
        assertEquals("arrow", location.codec());
        assertFalse(location.compressed());
        assertTrue(Files.isRegularFile(Path.of(location.uri())), location.uri());
        assertTrue(location.uri().startsWith(root.toString()), location.uri());
        assertTrue(location.encoding().contains("Arrow IPC stream"), location.encoding());
    }

    @Test
    void apacheArrowUnderNodeReadsTheNumericArtifact() throws Exception {
        JsonNode read = readOutside(start.artifactLocation("scores"));
        assertEquals(ROWS, read.get("rows").asInt());
        JsonNode values = read.get("columns").get("values");
        assertEquals("Float64", values.get("type").asText());
        double sum = ROWS * (ROWS - 1) / 2.0 / 4;
        assertEquals(sum, values.get("sum").asDouble());
        assertEquals((ROWS - 1) / 4.0, values.get("last").asDouble());
    }

    @Test
    void apacheArrowUnderNodeReadsTheTableArtifact() throws Exception {
        JsonNode read = readOutside(start.artifactLocation("spend"));
        assertEquals(ROWS, read.get("rows").asInt());
        JsonNode columns = read.get("columns");
        assertEquals(List.of("customer", "amount", "visits"), List.copyOf(iterable(columns.fieldNames())));
        assertEquals("Int64", columns.get("customer").get("type").asText());
        assertEquals(1_000_000.0, columns.get("customer").get("first").asDouble());
        assertEquals(
                ROWS * (ROWS - 1) / 2.0 / 2, columns.get("amount").get("sum").asDouble());
        assertEquals("Int32", columns.get("visits").get("type").asText());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> all = new java.util.ArrayList<>();
        names.forEachRemaining(all::add);
        return all;
    }

    /** Runs src/test/node/read-arrow.mjs on the blob; its JSON summary of the table. */
    private static JsonNode readOutside(ArtifactLocation location) throws IOException, InterruptedException {
        Path script = Path.of("src/test/node/read-arrow.mjs").toAbsolutePath();
        Process node = new ProcessBuilder("node", script.toString(), location.uri())
                .redirectErrorStream(true)
                .start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node did not finish");
        assertEquals(0, node.exitValue(), "node read-arrow.mjs " + location.uri() + ":\n" + out);
        return Json.RECORDS.readTree(out.strip().lines().reduce((a, b) -> b).orElseThrow());
    }
}
