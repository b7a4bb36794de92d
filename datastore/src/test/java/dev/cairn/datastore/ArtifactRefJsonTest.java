package dev.cairn.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cairn.formats.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An artifact's CRC32C in task records: written after its size, left out when there is none, absent in old records. */
class ArtifactRefJsonTest {
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path root;

    @Test
    void aCrc32cIsWrittenAfterTheSizeAndReadsBack() throws Exception {
        ArtifactRef ref = new ArtifactRef(SHA, "arrow", "double[]", 203, "1a2b3c4d", null);

        String json = Json.RECORDS.writeValueAsString(ref);

        assertEquals(
                "{\"sha\":\"" + SHA
                        + "\",\"codec\":\"arrow\",\"type\":\"double[]\",\"size\":203,\"crc32c\":\"1a2b3c4d\"}",
                json);
        assertEquals(ref, Json.RECORDS.readValue(json, ArtifactRef.class));
    }

    @Test
    void aRefWithoutACrc32cWritesNoField() throws Exception {
        String json = Json.RECORDS.writeValueAsString(new ArtifactRef(SHA, "json", "java.lang.Integer", 1));

        assertFalse(json.contains("crc32c"), json);
    }

    @Test
    void aTaskRecordWrittenBeforeCrc32csStillReadsWithNone() throws Exception {
        // a task record as Cairn wrote them before artifacts carried a CRC32C
        String old =
                "{\"flow\":\"F\",\"run\":\"r1\",\"step\":\"end\",\"task\":\"0\",\"attempt\":0,\"status\":\"SUCCEEDED\","
                        + "\"artifacts\":{\"values\":{\"sha\":\"" + SHA
                        + "\",\"codec\":\"arrow\",\"type\":\"double[]\","
                        + "\"size\":203}},\"inputs\":[],\"startedAt\":\"2026-12-01T06:00:00Z\","
                        + "\"finishedAt\":\"2026-12-01T06:00:01Z\",\"codeVersion\":\"v1\"}";
        Path file = root.resolve("p/b/F/runs/r1/end/0/0.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, old, StandardCharsets.UTF_8);

        TaskRecord record = new FlowDatastore(new LocalObjectStore(root), "p", "b", "F")
                .readTask("r1", "end", "0", 0)
                .orElseThrow();

        ArtifactRef values = record.artifacts().get("values");
        assertEquals(new ArtifactRef(SHA, "arrow", "double[]", 203), values);
        assertNull(values.crc32c());
    }
}
