package dev.cairn.functions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileExposureLogTest {

    @TempDir
    Path dir;

    private static ExposureEvent event(String experiment, String time, String unit) {
        return new ExposureEvent(
                experiment, "churn", "v1", unit, 7, Instant.parse(time), 3.25, 200, "abcdef0123456789", false, null);
    }

    @Test
    void eventsLandInExperimentAndDatePartitionsWithTheContractsFields() throws Exception {
        try (FileExposureLog log = new FileExposureLog(dir, 1_700_000_000_000L)) {
            log.record(event("churn-ab", "2026-11-26T23:59:59.999Z", "u-1"));
            log.record(event("churn-ab", "2026-11-27T00:00:00Z", "u-2"));
            log.record(event("other", "2026-11-26T10:00:00Z", "u-3"));
            log.flush();
            String file = "exposures-1700000000000-" + ProcessHandle.current().pid() + ".jsonl";
            Path day1 = dir.resolve("experiment=churn-ab/date=2026-11-26/" + file);
            assertTrue(Files.exists(day1), day1.toString());
            assertTrue(Files.exists(dir.resolve("experiment=churn-ab/date=2026-11-27/" + file)));
            assertTrue(Files.exists(dir.resolve("experiment=other/date=2026-11-26/" + file)));
            List<String> lines = Files.readAllLines(day1);
            assertEquals(1, lines.size());
            JsonNode e = new ObjectMapper().readTree(lines.get(0));
            Set<String> fields = new TreeSet<>();
            e.fieldNames().forEachRemaining(fields::add);
            assertEquals(
                    new TreeSet<>(List.of(
                            "experiment",
                            "model",
                            "variant",
                            "unit",
                            "bucket",
                            "time",
                            "latencyMs",
                            "status",
                            "configVersion",
                            "shadow")),
                    fields);
            assertEquals("churn-ab", e.get("experiment").asText());
            assertEquals("u-1", e.get("unit").asText());
            assertEquals(7, e.get("bucket").asInt());
            assertEquals("2026-11-26T23:59:59.999Z", e.get("time").asText());
            assertEquals(3.25, e.get("latencyMs").asDouble());
            assertEquals(200, e.get("status").asInt());
            assertEquals("abcdef0123456789", e.get("configVersion").asText());
            assertEquals(false, e.get("shadow").asBoolean());
        }
    }

    @Test
    void concurrentWritersAppendWholeLines() throws Exception {
        try (FileExposureLog log = new FileExposureLog(dir, 1L)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        log.record(event("churn-ab", "2026-11-26T10:00:00Z", "u-" + thread + "-" + i));
                    }
                });
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            log.flush();
            Path file = log.fileOf(event("churn-ab", "2026-11-26T10:00:00Z", "x"));
            List<String> lines = Files.readAllLines(file);
            assertEquals(4000, lines.size());
            ObjectMapper json = new ObjectMapper();
            Set<String> units = new TreeSet<>();
            for (String l : lines) {
                units.add(json.readTree(l).get("unit").asText());
            }
            assertEquals(4000, units.size());
        }
        // a second log appends to the same file name
        try (FileExposureLog again = new FileExposureLog(dir, 1L)) {
            again.record(event("churn-ab", "2026-11-26T10:00:00Z", "late"));
            again.flush();
            assertEquals(
                    4001,
                    Files.readAllLines(again.fileOf(event("churn-ab", "2026-11-26T10:00:00Z", "x")))
                            .size());
        }
    }

    @Test
    void anExperimentNameThatIsNoSafeDirectoryIsRefused() {
        try (FileExposureLog log = new FileExposureLog(dir)) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> log.record(event("../etc", "2026-11-26T10:00:00Z", "u")));
            assertTrue(e.getMessage().contains("'../etc' cannot name a directory"), e.getMessage());
        }
    }

    @Test
    void shadowEventsCarryTheAnswerCutTo4096Chars() throws Exception {
        ExposureEvent e = new ExposureEvent(
                "x",
                "m",
                "v3",
                null,
                null,
                Instant.parse("2026-11-26T10:00:00Z"),
                1,
                200,
                null,
                true,
                "a".repeat(5000));
        JsonNode json = new ObjectMapper().readTree(e.toJsonLine());
        assertEquals(4096, json.get("response").asText().length());
        assertTrue(json.get("shadow").asBoolean());
        assertTrue(json.get("unit").isNull() && json.get("bucket").isNull());
    }

    @Test
    void aLoneSurrogateIsReplacedAndTheLinesAfterItAreStillWritten() throws Exception {
        try (FileExposureLog log = new FileExposureLog(dir, 1L)) {
            log.record(event("churn-ab", "2026-11-26T10:00:00Z", "\ud800"));
            log.flush();
            for (int i = 0; i < 20; i++) {
                log.record(event("churn-ab", "2026-11-26T10:00:01Z", "u-" + i));
                log.flush();
            }
            List<String> lines = Files.readAllLines(log.fileOf(event("churn-ab", "2026-11-26T10:00:00Z", "u")));
            assertEquals(21, lines.size());
            assertEquals(
                    "\uFFFD",
                    new ObjectMapper().readTree(lines.get(0)).get("unit").asText());
            assertEquals(
                    "u-19",
                    new ObjectMapper().readTree(lines.get(20)).get("unit").asText());
            assertEquals(0, log.dropped());
        }
    }

    @Test
    void aFailedWriteIsCountedAndTheNextFlushWritesAgain() throws Exception {
        try (FileExposureLog log = new FileExposureLog(dir, 2L)) {
            ExposureEvent first = event("churn-ab", "2026-11-26T10:00:00Z", "u-1");
            Path file = log.fileOf(first);
            Files.createDirectories(file.getParent());
            Files.createSymbolicLink(file, Path.of("/dev/full")); // every write fails: "No space left on device"
            log.record(first);
            log.record(event("churn-ab", "2026-11-26T10:00:00Z", "u-2"));
            UncheckedIOException failed = assertThrows(UncheckedIOException.class, log::flush);
            assertTrue(failed.getMessage().contains("2 line(s) to " + file), failed.getMessage());
            assertEquals(2, log.dropped());

            Files.delete(file); // the disk has room again
            log.record(event("churn-ab", "2026-11-26T10:00:00Z", "u-3"));
            log.flush();
            List<String> lines = Files.readAllLines(file);
            assertEquals(1, lines.size(), lines.toString());
            assertEquals(
                    "u-3", new ObjectMapper().readTree(lines.get(0)).get("unit").asText());
            assertEquals(2, log.dropped());
        }
    }
}
