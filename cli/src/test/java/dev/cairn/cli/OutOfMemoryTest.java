package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.runtime.cloud.StepRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step that runs out of memory, in a JVM with a 64 MiB heap: the failure is the task's, recorded as any
 * other, and the run ends FAILED and resumes, under {@code cairn run} and under {@code cairn step} alike.
 */
class OutOfMemoryTest {
    private static final String BRANCH = "test.oom";
    private static final List<String> SMALL_HEAP = List.of("-Xmx64m");
    private static final String OOM = OutOfMemoryError.class.getName();

    @TempDir
    Path root;

    private FlowDatastore datastore() throws IOException {
        return new FlowDatastore(new LocalObjectStore(root), "tests", BRANCH, "HungryFlow");
    }

    private List<String> cairn(String command, String... args) {
        List<String> all =
                new ArrayList<>(List.of(command, "HungryFlow", "--datastore", root.toString(), "--branch", BRANCH));
        all.addAll(List.of(args));
        return all;
    }

    @Test
    void aStepOutOfMemoryUnderCairnRunFailsThatTaskNamingTheStepAndTheRunResumes() throws Exception {
        CliProcess run = CliProcess.run(root, SMALL_HEAP, Map.of(), cairn("run", "--mb", "96"));

        assertEquals(CairnCli.RUN_FAILED, run.exitCode(), run.toString());
        assertTrue(run.err().contains("step eat, task 0, attempt 1: " + OOM), run.toString());
        assertFalse(run.printed().contains("\tat "), "one line per failure, no stack trace\n" + run);
        Path card = Path.of(
                line(run.err(), "  card:").strip().substring("card:".length()).strip());
        assertTrue(Files.isRegularFile(card), "the card of the failed run is drawn\n" + run);
        assertTrue(Files.readString(card).contains(OOM), "the card shows the error");

        FlowDatastore datastore = datastore();
        String failedRun = datastore.runIds().getFirst();
        assertFailedForGood(datastore, failedRun);

        CliProcess resume = CliProcess.run(
                root,
                List.of("-Xmx256m"),
                Map.of(),
                List.of("resume", "HungryFlow/" + failedRun, "--datastore", root.toString(), "--branch", BRANCH));
        assertEquals(0, resume.exitCode(), resume.toString());
        assertResumed(datastore, failedRun, resumedRun(datastore, failedRun));
    }

    @Test
    void aStepOutOfMemoryUnderCairnStepWritesItsTaskRecordAndFailsTheRunWhichResumes() throws Exception {
        String run = "20261126-080000-abcdef";
        inProcess(cairn("step", "--run", run, "--step", "start", "--task", "0", "--parameters", "{\"mb\": 96}"));

        CliProcess job = CliProcess.run(
                root,
                SMALL_HEAP,
                Map.of("AWS_BATCH_JOB_ATTEMPT", "1"),
                cairn("step", "--run", run, "--step", "eat", "--task", "0"));

        assertEquals(StepRunner.FAILED, job.exitCode(), job.toString());
        assertTrue(
                job.err().contains("step eat, task 0 (attempt 1) of run " + run + " failed: " + OOM), job.toString());
        FlowDatastore datastore = datastore();
        assertFailedForGood(datastore, run);

        String resumed = "20261126-090000-abcdef";
        String[] origin = {"--origin-run", run};
        inProcess(cairn("step", "--run", resumed, "--step", "start", "--task", "0", origin[0], origin[1]));
        inProcess(cairn("step", "--run", resumed, "--step", "eat", "--task", "0", origin[0], origin[1]));
        inProcess(cairn("step", "--run", resumed, "--step", "end", "--task", "0", "--end", origin[0], origin[1]));
        assertResumed(datastore, run, datastore.readRun(resumed).orElseThrow());
    }

    /** The eat task's record names the error, keeps what it printed, and failed the run. */
    private static void assertFailedForGood(FlowDatastore datastore, String run) throws IOException {
        TaskRecord eat = datastore
                .latestTask(run, "eat", "0")
                .orElseThrow(() -> new AssertionError("no record of the task that ran out of memory"));
        assertEquals(TaskStatus.FAILED, eat.status());
        assertEquals(0, eat.attempt());
        assertNotNull(eat.error());
        assertEquals(OOM, eat.error().type());
        assertNotNull(eat.stdout(), "what it printed before is kept, though it needs the memory the step held");
        assertTrue(text(datastore, eat.stdout()).startsWith("eating 96 MiB\n"));
        RunRecord record = datastore.readRun(run).orElseThrow();
        assertEquals(RunStatus.FAILED, record.status());
        assertEquals("eat/0/0", record.failedTask());
        assertEquals(OOM, record.error().type());
    }

    private static void assertResumed(FlowDatastore datastore, String failed, RunRecord resumed) throws IOException {
        assertEquals(RunStatus.SUCCEEDED, resumed.status());
        TaskRecord start = datastore.latestTask(resumed.run(), "start", "0").orElseThrow();
        assertEquals(failed + "/start/0/0", start.clonedFrom(), "the start step is reused");
        TaskRecord eat = datastore.latestTask(resumed.run(), "eat", "0").orElseThrow();
        assertTrue(eat.succeeded());
        assertEquals(
                Long.toString(96L << 20),
                text(datastore, eat.artifacts().get("eaten").sha()),
                "the step ran again, with the memory it needs");
    }

    private static RunRecord resumedRun(FlowDatastore datastore, String failed) throws IOException {
        for (String id : datastore.runIds()) {
            RunRecord record = datastore.readRun(id).orElseThrow();
            if (failed.equals(record.resumedFrom())) {
                return record;
            }
        }
        throw new AssertionError("no run resumed " + failed);
    }

    private void inProcess(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CairnCli.execute(Map.of(), new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        assertEquals(0, code, args + "\n" + out + err);
    }

    private static String text(FlowDatastore datastore, String sha) throws IOException {
        return new String(datastore.blobs().get(sha), StandardCharsets.UTF_8);
    }

    private static String line(String text, String prefix) {
        return text.lines()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in\n" + text));
    }
}
