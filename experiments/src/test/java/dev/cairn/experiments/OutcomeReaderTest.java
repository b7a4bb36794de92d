package dev.cairn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeReaderTest {
    @TempDir
    Path dir;

    private Outcomes read(Path file) throws IOException {
        return OutcomeReader.read(InputFiles.of(file.toString(), null, Map.of()));
    }

    @Test
    void csvWithHeaderIsRead() throws IOException {
        Path file = Files.writeString(dir.resolve("o.csv"), "\uFEFFunit,value\nu-1,1\n\"u-2\",0\nu-3,12.5\n");
        assertEquals(Map.of("u-1", 1.0, "u-2", 0.0, "u-3", 12.5), read(file).valueOfUnit());
    }

    @Test
    void aQuotedUnitMayHoldACommaAndAnUnclosedQuoteIsCountedAtItsLine() throws IOException {
        Path file = Files.writeString(dir.resolve("o.csv"), "unit,value\n\"Paris, France\",2\n\"oops,1\n");
        Outcomes outcomes = read(file);
        assertEquals(Map.of("Paris, France", 2.0), outcomes.valueOfUnit());
        assertEquals(
                List.of(file + ":3: the CSV has a quote opened on line 3 that is never closed"),
                outcomes.malformed().examples());
    }

    @Test
    void jsonLinesAreRead() throws IOException {
        Path file = Files.writeString(
                dir.resolve("o.jsonl"), "{\"unit\": \"u-1\", \"value\": 1.0}\n\n{\"unit\": \"u-2\", \"value\": 3}\n");
        assertEquals(Map.of("u-1", 1.0, "u-2", 3.0), read(file).valueOfUnit());
    }

    @Test
    void badRowsAreCountedWithFileAndLineAndDuplicatesKeepTheFirstRow() throws IOException {
        Path file = Files.writeString(dir.resolve("o.csv"), "unit,value\nu-1,1\nu-2,yes\nu-3\n,1\nu-1,0\nu-4,NaN\n");
        Outcomes outcomes = read(file);
        assertEquals(Map.of("u-1", 1.0), outcomes.valueOfUnit());
        assertEquals(1, outcomes.duplicateRows());
        assertEquals(4, outcomes.malformed().count());
        assertEquals(
                List.of(
                        file + ":3: value is not a decimal number (such as 1, 0.25 or -2e3): yes",
                        file + ":4: expected 2 cells (unit,value), got 1",
                        file + ":5: no unit",
                        file + ":7: value is not a decimal number (such as 1, 0.25 or -2e3): NaN"),
                outcomes.malformed().examples());
    }

    @Test
    void badJsonLinesAreCounted() throws IOException {
        Path file = Files.writeString(
                dir.resolve("o.jsonl"),
                "{\"unit\": \"u-1\", \"value\": 1}\n{\"unit\": \"u-2\", \"value\": \"1\"}\n{oops\n");
        Outcomes outcomes = read(file);
        assertEquals(2, outcomes.malformed().count());
        assertEquals(
                file + ":2: \"value\" is not a number",
                outcomes.malformed().examples().get(0));
    }

    @Test
    void csvWithoutTheHeaderIsRejectedNamingFileAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve("o.csv"), "\nu-1,1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(file));
        assertTrue(e.getMessage().startsWith(file + ":2: expected the CSV header unit,value"), e.getMessage());
    }
}
