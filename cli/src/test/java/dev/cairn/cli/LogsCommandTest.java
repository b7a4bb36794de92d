package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Cairn;
import dev.cairn.testing.CairnDatastore;
import dev.cairn.testing.CairnExtension;
import dev.cairn.testing.flows.CountryScoresFlow;
import dev.cairn.testing.flows.FailingFlow;
import dev.cairn.testing.flows.FlakyFlow;
import dev.cairn.testing.flows.ForeachFlow;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CairnExtension.class)
class LogsCommandTest {
    static Path root;

    @BeforeAll
    static void runTheFlows(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
        root = datastore;
        cairn.run(CountryScoresFlow.class, Map.of());
        cairn.run(FailingFlow.class, Map.of());
        cairn.run(FlakyFlow.class, Map.of());
        cairn.run(ForeachFlow.class, Map.of("failAt", "1"));
    }

    private static CliRun logs(String... args) {
        return CliRun.of(root, "logs", args);
    }

    @Test
    void printsStdoutThenMarkedStderr() {
        CliRun result = logs("FailingFlow/latest/boom/0");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("loading data\n--- stderr ---\nabout to fail\n"), result::toString);
    }

    @Test
    void aFailedAttemptEndsWithItsMarkedErrorAndStackTrace() {
        CliRun result = logs("FailingFlow/latest/boom/0");

        assertTrue(
                result.out()
                        .startsWith(
                                "loading data\n--- stderr ---\nabout to fail\n--- error ---\n"
                                        + "java.lang.ArithmeticException: model diverged\n\tat dev.cairn.testing.flows.FailingFlow.boom("),
                result::toString);
    }

    @Test
    void aFailedTaskThatPrintedNothingShowsItsError() {
        CliRun result = logs("ForeachFlow/latest/work/0-1");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(
                result.out().startsWith("--- error ---\njava.lang.IllegalStateException: item 1 is bad\n\tat "),
                result::toString);
    }

    /** Nor the failed attempt's error: it is not what the task printed. */
    @Test
    void stderrOptionPrintsOnlyStderrUnmarked() {
        assertEquals(
                "about to fail\n", logs("FailingFlow/latest/boom/0", "--stderr").out());
    }

    @Test
    void stdoutOptionPrintsOnlyStdout() {
        assertEquals(
                "loading data\n", logs("FailingFlow/latest/boom/0", "--stdout").out());
    }

    @Test
    void stdoutAndStderrOptionsExcludeEachOther() {
        assertEquals(
                2, logs("FailingFlow/latest/boom/0", "--stdout", "--stderr").exitCode());
    }

    @Test
    void taskMayBeLeftOutForAStepWithOneTask() {
        assertEquals(
                logs("FailingFlow/latest/boom/0").out(),
                logs("FailingFlow/latest/boom").out());
    }

    @Test
    void latestAttemptIsPrintedUnlessAnotherIsAsked() {
        assertEquals("attempt 3\n", logs("FlakyFlow/latest/start/0").out());
        assertTrue(logs("FlakyFlow/latest/start/0", "--attempt", "1")
                .out()
                .startsWith("attempt 1\n--- error ---\njava.lang.IllegalStateException: flaky 1\n"));
    }

    @Test
    void unknownAttemptExitsWithTwoListingTheAttempts() {
        CliRun result = logs("FlakyFlow/latest/start/0", "--attempt", "9");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("has no attempt 9; its attempts are [1, 2, 3]"), result.err());
    }

    @Test
    void taskThatPrintedNothingSaysSoOnStderr() {
        CliRun result = logs("CountryScoresFlow/latest/end/0");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertTrue(result.err().contains("/end/0 (attempt 1) printed nothing"), result.err());
    }

    @Test
    void unknownTaskExitsWithTwoListingTheTasks() {
        CliRun result = logs("CountryScoresFlow/latest/train/0-9");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("has no task 0-9; its tasks are [0-0, 0-1, 0-2]"), result.err());
    }

    @Test
    void foreachStepWithoutATaskIsAUsageError() {
        CliRun result = logs("CountryScoresFlow/latest/train");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("has 3 tasks; name one of [0-0, 0-1, 0-2]"), result.err());
    }

    @Test
    void aRunAloneNamesItsSharedLogAndSaysWhenItIsEmpty() {
        CliRun result = logs("CountryScoresFlow/latest");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertTrue(result.err().contains(" printed nothing outside its tasks"), result.err());
    }

    @Test
    void attemptIsRefusedForARunsSharedLog() {
        CliRun result = logs("CountryScoresFlow/latest", "--attempt", "1");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--attempt is for a task's log"), result.err());
    }
}
