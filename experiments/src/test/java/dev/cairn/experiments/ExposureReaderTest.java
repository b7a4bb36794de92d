package dev.cairn.experiments;

import static dev.cairn.experiments.ExperimentData.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExposureReaderTest {
    @TempDir
    Path dir;

    private Exposures read(String location) throws IOException {
        return ExposureReader.read(InputFiles.of(location, "experiment=churn-ab", Map.of()), "churn-ab");
    }

    private Path write(String relative, String... lines) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void aUnitExposedToTwoVariantsIsSetAsideWithItsVariants() throws IOException {
        Path file = write(
                "e.jsonl",
                event("churn-ab", "u-1", "v1", 0, "a"),
                event("churn-ab", "u-1", "v1", 1, "a"),
                event("churn-ab", "u-2", "v2", 2, "a"),
                event("churn-ab", "u-3", "v1", 3, "a"),
                event("churn-ab", "u-3", "v2", 4, "a"),
                event("churn-ab", "u-3", "v1", 5, "a"));
        Exposures exposures = read(file.toString());
        assertEquals(Map.of("u-1", "v1", "u-2", "v2"), exposures.variantOfUnit(), "a unit counts once per variant");
        assertEquals(Map.of("u-3", List.of("v1", "v2")), exposures.mixedUnits());
        assertEquals(6, exposures.events());
    }

    @Test
    void shadowEventsAndOtherExperimentsAreCountedAndIgnored() throws IOException {
        Path file = write(
                "e.jsonl",
                event("churn-ab", "u-1", "v1", 0, "a"),
                event("churn-ab", "u-1", "v3", 1, "a")
                        .replace("\"shadow\": false", "\"shadow\": true, \"response\": \"[0.3]\""),
                event("price-test", "u-1", "v2", 2, "a"));
        Exposures exposures = read(file.toString());
        assertEquals(Map.of("u-1", "v1"), exposures.variantOfUnit(), "the shadow variant never answered the unit");
        assertEquals(1, exposures.shadowEvents());
        assertEquals(1, exposures.otherExperimentEvents());
        assertTrue(exposures.mixedUnits().isEmpty());
    }

    @Test
    void malformedLinesAreCountedWithTheirFileAndLineAndTheRestIsRead() throws IOException {
        Path file = write(
                "e.jsonl",
                event("churn-ab", "u-1", "v1", 0, "a"),
                "{not json",
                "",
                "[1, 2]",
                "{\"experiment\": \"churn-ab\", \"variant\": \"v1\"}",
                "{\"experiment\": \"churn-ab\", \"variant\": \"v1\", \"unit\": \"u-9\", \"time\": \"yesterday\"}",
                "{\"variant\": \"v1\", \"unit\": \"u-9\"}",
                "{\"experiment\": \"churn-ab\", \"variant\": \"v2\", \"unit\": \"u-9\"}",
                "{\"experiment\": \"churn-ab\", \"variant\": \"\", \"unit\": \"u-10\"}");
        Exposures exposures = read(file.toString());
        assertEquals(Map.of("u-1", "v1", "u-9", "v2"), exposures.variantOfUnit());
        MalformedLines malformed = exposures.malformed();
        assertEquals(6, malformed.count());
        assertEquals(MalformedLines.EXAMPLES, malformed.examples().size());
        assertTrue(
                malformed.examples().get(0).startsWith(file + ":2: not JSON"),
                malformed.examples().get(0));
        assertEquals(file + ":4: not a JSON object", malformed.examples().get(1));
        assertEquals(file + ":5: no \"unit\"", malformed.examples().get(2));
        assertEquals(
                file + ":6: \"time\" is not an ISO instant: yesterday",
                malformed.examples().get(3));
        assertEquals(file + ":7: no \"experiment\"", malformed.examples().get(4));
    }

    @Test
    void configVersionsAreListedWithTheFirstTimeEachWasSeen() throws IOException {
        write("b.jsonl", event("churn-ab", "u-3", "v1", 100, "new"), event("churn-ab", "u-4", "v2", 50, "new"));
        write("a.jsonl", event("churn-ab", "u-1", "v1", 10, "old"), event("churn-ab", "u-2", "v2", 5, "old"));
        Exposures exposures = read(dir.toString());
        assertEquals(
                List.of(
                        new Exposures.ConfigVersion("old", ExperimentData.START.plusSeconds(5)),
                        new Exposures.ConfigVersion("new", ExperimentData.START.plusSeconds(50))),
                exposures.configVersions());
    }

    @Test
    void aFolderIsReadRecursivelyButOnlyTheExperimentsPartition() throws IOException {
        write(
                "exposures/experiment=churn-ab/date=2026-11-26/exposures-1-1.jsonl",
                event("churn-ab", "u-1", "v1", 0, "a"));
        write(
                "exposures/experiment=churn-ab/date=2026-11-27/exposures-2-1.jsonl",
                event("churn-ab", "u-2", "v2", 0, "a"));
        write(
                "exposures/experiment=price-test/date=2026-11-26/exposures-1-1.jsonl",
                event("price-test", "u-3", "v1", 0, "a"));
        write("exposures/experiment=churn-ab/date=2026-11-26/.exposures-3-1.jsonl.swp", "garbage");
        Exposures exposures = read(dir.resolve("exposures").toString());
        assertEquals(Map.of("u-1", "v1", "u-2", "v2"), exposures.variantOfUnit());
        assertEquals(0, exposures.otherExperimentEvents(), "the other experiment's partition is not even read");
        assertEquals(0, exposures.malformed().count());
    }

    @Test
    void gzipFilesAreDecompressed() throws IOException {
        Path file = dir.resolve("exposures-1.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((event("churn-ab", "u-1", "v2", 0, "a") + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(Map.of("u-1", "v2"), read(dir.toString()).variantOfUnit());
    }

    @Test
    void eventsWithoutTimeStillCountAndTheirVersionHasNoFirstTime() throws IOException {
        Path file = write(
                "e.jsonl",
                "{\"experiment\": \"churn-ab\", \"variant\": \"v1\", \"unit\": \"u-1\", \"configVersion\": \"x\"}");
        Exposures exposures = read(file.toString());
        assertEquals(1, exposures.events());
        assertNull(exposures.configVersions().get(0).firstSeen());
    }

    @Test
    void aMissingLocationIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> read(dir.resolve("nowhere").toString()));
        assertTrue(e.getMessage().startsWith(dir.resolve("nowhere") + " does not exist"), e.getMessage());
    }
}
