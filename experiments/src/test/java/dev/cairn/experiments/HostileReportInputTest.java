package dev.cairn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outcome values are read strictly, and no line is read whole past the bound, however long it is. */
class HostileReportInputTest {
    @TempDir
    Path dir;

    @Test
    void javaNumberLiteralsAreNotOutcomesAndDoNotSwitchTheMetric() throws IOException {
        Path file = Files.writeString(
                dir.resolve("o.csv"), "unit,value\nu-1,1\nu-2,0x1p3\nu-3,1f\nu-4,2d\nu-5,NaN\nu-6,0\nu-7,-2.5e1\n");

        Outcomes outcomes = OutcomeReader.read(InputFiles.of(file.toString(), null, Map.of()));

        assertEquals(Map.of("u-1", 1.0, "u-6", 0.0, "u-7", -25.0), outcomes.valueOfUnit());
        assertEquals(4, outcomes.malformed().count());
        assertTrue(
                outcomes.malformed()
                        .examples()
                        .get(0)
                        .endsWith("o.csv:3: value is not a decimal number" + " (such as 1, 0.25 or -2e3): 0x1p3"),
                outcomes.malformed().examples().toString());
    }

    @Test
    void aLineLongerThanTheBoundIsRefusedNamingFileAndLine() throws IOException {
        Path file = dir.resolve("exposures.jsonl");
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("{\"experiment\": \"e\", \"variant\": \"v1\", \"unit\": \"u-1\"}\n");
            out.write("{\"experiment\": \"e\", \"variant\": \"v1\", \"unit\": \"");
            String chunk = "x".repeat(1 << 16);
            for (int i = 0; i < 48; i++) { // 3 MiB: a buffered line of it would be read whole on today's main
                out.write(chunk);
            }
            out.write("\"}\n");
        }

        IOException e = assertThrows(
                IOException.class, () -> ExposureReader.read(InputFiles.of(file.toString(), null, Map.of()), "e"));

        assertTrue(
                e.getMessage().startsWith(file + ":2: the line is longer than 1,048,576 characters"), e.getMessage());
    }
}
