package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.testing.flows.CountryScoresFlow;
import dev.cairn.testing.flows.CountryScoresFlow.CountryScore;
import dev.cairn.testing.flows.FailingFlow;
import dev.cairn.testing.flows.FlakyFlow;
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

    static Run scores;

    @BeforeAll
    static void runTheFlows() throws Exception {
        Cairn cairn = Cairn.local(root).branch(CairnClientTest.BRANCH).maxWorkers(4);
        scores = cairn.run(CountryScoresFlow.class, Map.of("countries", "3"));
        cairn.run(FlakyFlow.class, Map.of());
        cairn.run(FailingFlow.class, Map.of());
    }

    private static Run run(String flow) {
        return CairnClient.local(root, CairnClientTest.BRANCH).flow(flow).run("latest");
    }

    @Test
    void runHasTheRecordedStatusParametersAndCodeVersion() {
        Run run = run("CountryScoresFlow");

        assertEquals(scores.id(), run.id());
        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertEquals(Map.of("countries", 3), run.parameters());
        assertEquals(scores.codeVersion(), run.codeVersion());
        assertTrue(run.duration().isPresent());
        assertEquals("CountryScoresFlow/" + scores.id(), run.pathspec());
    }

    @Test
    void stepsAreInTheOrderTheyRan() {
        assertEquals(
                List.of("start", "train", "collect", "end"),
                run("CountryScoresFlow").steps().stream().map(RunStep::name).toList());
    }

    @Test
    void foreachStepHasOneTaskPerItemInTaskOrder() {
        RunStep train = run("CountryScoresFlow").step("train");

        assertEquals(
                List.of("0-0", "0-1", "0-2"),
                train.tasks().stream().map(Task::id).toList());
        assertEquals(3, train.succeeded());
        assertEquals(0, train.failed());
        assertTrue(!train.wallTime().isNegative());
    }

    @Test
    void typedArtifactDecodesToTheFlowsOwnTypes() throws Exception {
        Task end = run("CountryScoresFlow").step("end").task();

        List<CountryScore> best = end.artifact(
                "best", CountryScoresFlow.class.getDeclaredField("best").getGenericType());

        assertEquals(
                List.of(
                        new CountryScore("DE", "linear", 0.5),
                        new CountryScore("FR", "forest", 0.625),
                        new CountryScore("IT", "forest", 0.75)),
                best);
    }

    @Test
    void artifactOfAClassGivesThatClassAndBoxesPrimitives() {
        Task task = run("CountryScoresFlow").step("train").task("0-2");

        assertEquals("IT", task.artifact("country", String.class));
        assertEquals(0.75, task.artifact("score", double.class));
    }

    @Test
    void untypedArtifactIsPlainJsonData() {
        Object best = run("CountryScoresFlow").step("end").task().artifact("best");

        assertEquals(Map.of("country", "DE", "model", "linear", "score", 0.5), ((List<?>) best).get(0));
        assertEquals(3, ((List<?>) best).size());
    }

    @Test
    void bytesArtifactComesBackAsTheSameBytes() {
        assertArrayEquals(
                new byte[] {1, 2, 3, 4},
                run("CountryScoresFlow").step("start").task().artifact("weights", byte[].class));
    }

    @Test
    void taskKnowsItsArtifactsIncludingInheritedOnes() {
        Task train = run("CountryScoresFlow").step("train").task("0-0");

        assertEquals(List.of("codes", "country", "note", "score", "weights"), List.copyOf(train.artifactNames()));
        assertEquals("json", train.artifactRef("score").codec());
    }

    @Test
    void unknownArtifactIsAnErrorNamingTheTaskAndItsArtifacts() {
        Task end = run("CountryScoresFlow").step("end").task();

        NotFoundException e = assertThrows(NotFoundException.class, () -> end.artifact("bestt"));

        assertTrue(
                e.getMessage().contains("task CountryScoresFlow/" + scores.id() + "/end/0 has no artifact `bestt`"),
                e.getMessage());
        assertTrue(e.getMessage().contains("its artifacts are [best, scoreByCountry]"), e.getMessage());
    }

    @Test
    void stdoutAndStderrAreWhatTheTaskPrinted() {
        Task task = run("CountryScoresFlow").step("train").task("0-1");

        assertEquals("training FR\n", task.stdout());
        assertEquals("warning for FR\n", task.stderr());
        assertEquals("", run("CountryScoresFlow").step("end").task().stdout());
    }

    @Test
    void retriedTaskKeepsEveryAttemptWithItsOwnErrorAndLog() {
        Task start = run("FlakyFlow").step("start").task();

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
        Run run = run("FailingFlow");

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
                assertThrows(NotFoundException.class, () -> run("FailingFlow").step("end"));

        assertTrue(e.getMessage().contains("has no step `end`"), e.getMessage());
        assertTrue(e.getMessage().contains("[boom, start]"), e.getMessage());
    }

    @Test
    void unknownTaskIsAnErrorListingTheStepsTasks() {
        NotFoundException e = assertThrows(
                NotFoundException.class,
                () -> run("CountryScoresFlow").step("train").task("0-7"));

        assertTrue(e.getMessage().contains("has no task 0-7; its tasks are [0-0, 0-1, 0-2]"), e.getMessage());
    }

    @Test
    void onlyTaskOfAForeachStepIsAnError() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> run("CountryScoresFlow").step("train").task());

        assertTrue(e.getMessage().contains("has 3 tasks"), e.getMessage());
    }
}
