package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Cairn;
import dev.cairn.client.Run;
import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.testing.CairnDatastore;
import dev.cairn.testing.CairnExtension;
import dev.cairn.testing.flows.CountryScoresFlow;
import dev.cairn.testing.flows.FailingFlow;
import dev.cairn.testing.flows.FlakyFlow;
import dev.cairn.testing.flows.ForeachFlow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CairnExtension.class)
class ShowCommandTest {
    /** The task of the wide run whose record says it took longest. */
    static final int SLOW_ITEM = 22;

    static Path root;
    static Run scores;
    static Run failing;

    @BeforeAll
    static void runTheFlows(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
        root = datastore;
        scores = cairn.run(CountryScoresFlow.class, Map.of("countries", "3"));
        failing = cairn.run(FailingFlow.class, Map.of());
        cairn.run(FlakyFlow.class, Map.of());
        Run wide = cairn.run(ForeachFlow.class, Map.of("width", "40"));
        // the slow task, by its record's timings (what show reads), not by how long a sleep happened to take
        FlowDatastore records =
                new FlowDatastore(new LocalObjectStore(root), "tests", CairnExtension.BRANCH, "ForeachFlow");
        TaskRecord slow =
                records.latestTask(wide.id(), "work", "0-" + SLOW_ITEM).orElseThrow();
        records.writeTask(new TaskRecord(
                slow.flow(),
                slow.run(),
                slow.step(),
                slow.task(),
                slow.attempt(),
                slow.status(),
                slow.artifacts(),
                slow.foreachSize(),
                slow.inputs(),
                slow.stdout(),
                slow.stderr(),
                slow.card(),
                slow.error(),
                slow.startedAt(),
                slow.startedAt().plusSeconds(600),
                slow.codeVersion(),
                slow.clonedFrom()));
    }

    private static CliRun show(String path) {
        return CliRun.of(root, "show", path);
    }

    private static boolean hasLine(String text, String regex) {
        return Pattern.compile("^" + regex + "$", Pattern.MULTILINE)
                .matcher(text)
                .find();
    }

    @Test
    void runShowsItsStatusParametersCodeAndSteps() {
        CliRun result = show("CountryScoresFlow/latest");

        assertEquals(0, result.exitCode(), result::toString);
        String out = result.out();
        assertTrue(out.startsWith("Run CountryScoresFlow/" + scores.id() + ": SUCCEEDED\n"), out);
        assertTrue(out.contains("  parameters  countries=3\n"), out);
        assertTrue(out.contains("  code        " + scores.codeVersion() + "\n"), out);
        assertTrue(hasLine(out, " +step +tasks +succeeded +failed +started +wall time"), out);
        assertTrue(hasLine(out, " +train +3 +3 +0 .*"), out);
        assertTrue(
                out.indexOf(" start ") < out.indexOf(" train ") && out.indexOf(" train ") < out.indexOf(" collect "),
                out);
    }

    @Test
    void failedRunNamesTheFailedTaskAndHowToSeeItsLogs() {
        String out = show("FailingFlow/" + failing.id()).out();

        assertTrue(out.contains("Run FailingFlow/" + failing.id() + ": FAILED"), out);
        assertTrue(
                out.contains(
                        "  failed      step boom, task 0, attempt 2: java.lang.ArithmeticException: model diverged\n"),
                out);
        assertTrue(out.contains("  logs        cairn logs FailingFlow/" + failing.id() + "/boom/0\n"), out);
    }

    @Test
    void endStepShowsEachCountrysBestModelAsATable() {
        CliRun result = show("CountryScoresFlow/latest/end");

        assertEquals(0, result.exitCode(), result::toString);
        String out = result.out();
        assertTrue(out.startsWith("Task CountryScoresFlow/" + scores.id() + "/end/0: SUCCEEDED (attempt 1)\n"), out);
        assertTrue(hasLine(out, "  best            3 rows:"), out);
        assertTrue(hasLine(out, " +country  model   score"), out);
        assertTrue(hasLine(out, " +DE       linear    0\\.5"), out);
        assertTrue(hasLine(out, " +FR       forest  0\\.625"), out);
        assertTrue(hasLine(out, " +IT       forest   0\\.75"), out);
        assertTrue(hasLine(out, "  scoreByCountry  \\{DE: 0\\.5, FR: 0\\.625, IT: 0\\.75\\} \\(3 entries\\)"), out);
    }

    @Test
    void foreachStepListsItsTasks() {
        String out = show("CountryScoresFlow/latest/train").out();

        assertTrue(
                out.startsWith("Step CountryScoresFlow/" + scores.id() + "/train: 3 tasks, 3 succeeded, 0 failed\n"),
                out);
        for (String task : List.of("0-0", "0-1", "0-2")) {
            assertTrue(hasLine(out, "  " + task + " +SUCCEEDED +1 .*"), out);
        }
        assertTrue(out.contains("cairn show CountryScoresFlow/" + scores.id() + "/train/TASK"), out);
    }

    @Test
    void wideStepListsTheFirstTwentyTasksAndTheSlowestThenHowManyMore() {
        String out = show("ForeachFlow/latest/work").out();

        assertTrue(hasLine(out, "  0-19 +SUCCEEDED .*"), out);
        assertTrue(hasLine(out, "  0-" + SLOW_ITEM + " +SUCCEEDED +1 .* one of the slowest"), out);
        var more = Pattern.compile("^  \\.\\.\\. (\\d+) more tasks", Pattern.MULTILINE)
                .matcher(out);
        assertTrue(more.find(), out);
        long rows = out.lines().filter(l -> l.matches("  0-\\d+ .*")).count();
        assertEquals(40, rows + Integer.parseInt(more.group(1)), out);
    }

    @Test
    void taskShowsItsArtifactsTimingAndWhereItsLogsAre() {
        String out = show("CountryScoresFlow/latest/train/0-1").out();

        assertTrue(
                out.startsWith("Task CountryScoresFlow/" + scores.id() + "/train/0-1: SUCCEEDED (attempt 1)\n"), out);
        assertTrue(out.contains("  took      "), out);
        assertTrue(out.contains("Artifacts (5):\n"), out);
        assertTrue(hasLine(out, "  country  \"FR\""), out);
        assertTrue(hasLine(out, "  score    0\\.625"), out);
        assertTrue(hasLine(out, "  weights  byte\\[\\] 4 B"), out);
        assertTrue(hasLine(out, "  codes    \\[\"DE\", \"FR\", \"IT\"\\] \\(3 items\\)"), out);
        assertTrue(
                out.contains("Logs (stdout and stderr): cairn logs CountryScoresFlow/" + scores.id() + "/train/0-1"),
                out);
    }

    @Test
    void retriedTaskListsEveryAttemptWithItsError() {
        String out = show("FlakyFlow/latest/start").out();

        assertTrue(out.contains(": SUCCEEDED (attempt 3)\n"), out);
        assertTrue(out.contains("Attempts (3):\n"), out);
        assertTrue(hasLine(out, " +1  FAILED .*java\\.lang\\.IllegalStateException: flaky 1"), out);
        assertTrue(hasLine(out, " +3  SUCCEEDED .* -"), out);
    }

    @Test
    void unknownRunExitsWithTwoAndListsRecentRuns() {
        CliRun result = show("CountryScoresFlow/20990101-000000-abcdef");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(
                result.err().startsWith("cairn: flow CountryScoresFlow has no run 20990101-000000-abcdef"),
                result.err());
        assertTrue(result.err().contains(scores.id()), result.err());
    }

    @Test
    void unknownStepExitsWithTwoAndListsTheSteps() {
        CliRun result = show("FailingFlow/latest/end");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("has no step `end`; the steps it ran are [boom, start]"), result.err());
    }

    @Test
    void pathWithTooManyPartsIsAUsageError() {
        CliRun result = show("CountryScoresFlow/latest/train/0-1/extra");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("is not FLOW[/RUN[/STEP[/TASK]]]"), result.err());
    }

    @Test
    void artifactOfAnUnknownCodecShowsItsCodecAndSize() throws Exception {
        FlowDatastore ds = new FlowDatastore(new LocalObjectStore(root), "tests", CairnExtension.BRANCH, "Foreign");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        ds.writeRun(new RunRecord(
                "Foreign",
                "tests",
                CairnExtension.BRANCH,
                "r1",
                RunStatus.SUCCEEDED,
                Map.of(),
                "c0de",
                t,
                t.plusSeconds(1),
                null,
                null,
                null,
                "tester"));
        String sha = ds.blobs().put(new byte[10]);
        ds.writeTask(new TaskRecord(
                "Foreign",
                "r1",
                "end",
                "0",
                0,
                TaskStatus.SUCCEEDED,
                Map.of("frame", new ArtifactRef(sha, "parquet", "org.example.Frame", 10)),
                null,
                List.of(),
                null,
                null,
                null,
                t,
                t.plusSeconds(1),
                "c0de",
                null));

        CliRun result = show("Foreign/r1/end");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(hasLine(result.out(), "  frame  <codec parquet: 10 bytes>"), result.out());
    }
}
