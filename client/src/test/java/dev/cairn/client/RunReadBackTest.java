package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.SampleFlows.CountryScore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real runs of the sample flows, read back with the client. */
class RunReadBackTest {
    @TempDir
    static Path root;

    static RunRecord scores;
    static RunRecord retried;
    static RunRecord failing;

    @BeforeAll
    static void runTheSampleFlows() throws Exception {
        scores = SampleFlows.run(root, SampleFlows.CountryScores.class, Map.of("countries", "3"));
        SampleFlows.RETRIED_CALLS.set(0);
        retried = SampleFlows.run(root, SampleFlows.Retried.class, Map.of());
        failing = SampleFlows.run(root, SampleFlows.Failing.class, Map.of());
    }

    private static Run run(String flow) {
        return CairnClient.local(root, SampleFlows.BRANCH).flow(flow).run("latest");
    }

    @Test
    void runHasTheRecordedStatusParametersAndCodeVersion() {
        Run run = run("CountryScores");

        assertEquals(scores.run(), run.id());
        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertEquals(Map.of("countries", 3), run.parameters());
        assertEquals(scores.codeVersion(), run.codeVersion());
        assertTrue(run.duration().isPresent());
        assertEquals("CountryScores/" + scores.run(), run.pathspec());
    }

    @Test
    void stepsAreInTheOrderTheyRan() {
        assertEquals(
                List.of("start", "train", "collect", "end"),
                run("CountryScores").steps().stream().map(RunStep::name).toList());
    }

    @Test
    void foreachStepHasOneTaskPerItemInTaskOrder() {
        RunStep train = run("CountryScores").step("train");

        assertEquals(
                List.of("0-0", "0-1", "0-2"),
                train.tasks().stream().map(Task::id).toList());
        assertEquals(3, train.succeeded());
        assertEquals(0, train.failed());
        assertTrue(!train.wallTime().isNegative());
    }

    @Test
    void typedArtifactDecodesToTheFlowsOwnTypes() throws Exception {
        Task end = run("CountryScores").step("end").task();

        List<CountryScore> best = end.artifact(
                "best", SampleFlows.CountryScores.class.getDeclaredField("best").getGenericType());

        assertEquals(
                List.of(
                        new CountryScore("DE", "linear", 0.5),
                        new CountryScore("FR", "forest", 0.625),
                        new CountryScore("IT", "forest", 0.75)),
                best);
    }

    @Test
    void artifactOfAClassGivesThatClassAndBoxesPrimitives() {
        Task task = run("CountryScores").step("train").task("0-2");

        assertEquals("IT", task.artifact("country", String.class));
        assertEquals(0.75, task.artifact("score", double.class));
    }

    @Test
    void untypedArtifactIsPlainJsonData() {
        Object best = run("CountryScores").step("end").task().artifact("best");

        assertEquals(Map.of("country", "DE", "model", "linear", "score", 0.5), ((List<?>) best).get(0));
        assertEquals(3, ((List<?>) best).size());
    }

    @Test
    void bytesArtifactComesBackAsTheSameBytes() {
        assertArrayEquals(
                new byte[] {1, 2, 3, 4},
                run("CountryScores").step("start").task().artifact("weights", byte[].class));
    }

    @Test
    void taskKnowsItsArtifactsIncludingInheritedOnes() {
        Task train = run("CountryScores").step("train").task("0-0");

        assertEquals(List.of("codes", "country", "note", "score", "weights"), List.copyOf(train.artifactNames()));
        assertEquals("json", train.artifactRef("score").codec());
    }

    @Test
    void unknownArtifactIsAnErrorNamingTheTaskAndItsArtifacts() {
        Task end = run("CountryScores").step("end").task();

        NotFoundException e = assertThrows(NotFoundException.class, () -> end.artifact("bestt"));

        assertTrue(
                e.getMessage().contains("task CountryScores/" + scores.run() + "/end/0 has no artifact `bestt`"),
                e.getMessage());
        assertTrue(e.getMessage().contains("its artifacts are [best, scoreByCountry]"), e.getMessage());
    }

    @Test
    void stdoutAndStderrAreWhatTheTaskPrinted() {
        Task task = run("CountryScores").step("train").task("0-1");

        assertEquals("training FR\n", task.stdout());
        assertEquals("warning for FR\n", task.stderr());
        assertEquals("", run("CountryScores").step("end").task().stdout());
    }

    @Test
    void retriedTaskKeepsEveryAttemptWithItsOwnErrorAndLog() {
        Task start = run("Retried").step("start").task();

        assertEquals(3, start.attempt(), "the third attempt, counting from 1 as show and current().attempt() do");
        List<Task> attempts = start.attempts();
        assertEquals(List.of(1, 2, 3), attempts.stream().map(Task::attempt).toList());
        assertEquals(
                List.of(TaskStatus.FAILED, TaskStatus.FAILED, TaskStatus.SUCCEEDED),
                attempts.stream().map(Task::status).toList());
        assertEquals("flaky 1", attempts.get(0).error().message());
        assertEquals("attempt 2\n", attempts.get(1).stdout());
        assertNull(start.error());
    }

    @Test
    void failedRunNamesTheTaskThatFailedIt() {
        Run run = run("Failing");

        assertEquals(RunStatus.FAILED, run.status());
        Task failed = run.failedTask().orElseThrow();
        assertEquals("boom", failed.step());
        assertEquals("java.lang.ArithmeticException", failed.error().type());
        assertEquals("about to fail\n", failed.stderr());
        assertEquals(
                List.of("start", "boom"),
                run.steps().stream().map(RunStep::name).toList());
    }

    @Test
    void unknownStepIsAnErrorListingTheStepsThatRan() {
        NotFoundException e =
                assertThrows(NotFoundException.class, () -> run("Failing").step("end"));

        assertTrue(e.getMessage().contains("has no step `end`"), e.getMessage());
        assertTrue(e.getMessage().contains("[boom, start]"), e.getMessage());
    }

    @Test
    void unknownTaskIsAnErrorListingTheStepsTasks() {
        NotFoundException e = assertThrows(
                NotFoundException.class,
                () -> run("CountryScores").step("train").task("0-7"));

        assertTrue(e.getMessage().contains("has no task 0-7; its tasks are [0-0, 0-1, 0-2]"), e.getMessage());
    }

    @Test
    void onlyTaskOfAForeachStepIsAnError() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> run("CountryScores").step("train").task());

        assertTrue(e.getMessage().contains("has 3 tasks"), e.getMessage());
    }
}
