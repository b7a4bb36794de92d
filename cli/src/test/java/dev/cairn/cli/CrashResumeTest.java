package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a separate process, killed with SIGKILL half way through a run, then resumed. */
class CrashResumeTest {
    private static final String BRANCH = "test.crash";

    @TempDir
    Path root;

    @Test
    void runKilledMidwayLeavesOnlyCompleteRecordsAndResumeFinishesItWithTheSameResult() throws Exception {
        Path gate = root.resolve("gate");
        Process cli = cairn(
                "run",
                "CrashFlow",
                "--max-workers",
                "2",
                "--items",
                "30",
                "--gate",
                gate.toString(),
                "--holdFrom",
                "10");
        FlowDatastore datastore = new FlowDatastore(new LocalObjectStore(root), "tests", BRANCH, "CrashFlow");
        String run = waitForWorkRecords(datastore, 10, cli); // items 0..9 are done; 10 and 11 wait at the gate
        StepKillTest.awaitFile(root.resolve("gate.started-10"), cli);
        cli.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertTrue(cli.waitFor(30, TimeUnit.SECONDS));

        List<TaskRecord> work = datastore.latestTasks(run, "work");
        assertEquals(10, work.size(), "killed half way: exactly the items before the gate");
        Files.createFile(gate);
        assertEveryRecordNamesReadableBlobs(datastore, run);
        assertEquals(
                RunStatus.RUNNING, datastore.readRun(run).orElseThrow().status(), "a killed run never recorded an end");

        Process resume = cairn("resume", "CrashFlow/" + run, "--max-workers", "2");
        String output = new String(resume.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(resume.waitFor(60, TimeUnit.SECONDS));
        assertEquals(
                0,
                resume.exitValue(),
                output + new String(resume.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));

        RunRecord resumed = datastore.runIds().stream()
                .map(id -> read(datastore, id))
                .filter(r -> run.equals(r.resumedFrom()))
                .findFirst()
                .orElseThrow();
        assertEquals(RunStatus.SUCCEEDED, resumed.status());
        long reused = datastore.latestTasks(resumed.run(), "work").stream()
                .filter(t -> t.clonedFrom() != null)
                .count();
        assertEquals(work.size(), reused, "every task that finished before the kill is reused, none run again");

        RunRecord uninterrupted = LocalRuntime.run(
                FlowGraph.of(CrashFlow.class),
                Map.of("items", "30"),
                RunOptions.defaults().withDatastore(root).withBranch(BRANCH));
        assertEquals(
                artifact(datastore, uninterrupted.run(), "squares"), artifact(datastore, resumed.run(), "squares"));
        assertEquals(artifact(datastore, uninterrupted.run(), "total"), artifact(datastore, resumed.run(), "total"));
    }

    private Process cairn(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", // as ./cairn: Arrow artifacts
                "-XX:+IgnoreUnrecognizedVMOptions",
                "--sun-misc-unsafe-memory-access=allow", // JDK 24+: Arrow's Unsafe, without a warning
                "-cp",
                System.getProperty("java.class.path"),
                CairnCli.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--datastore", root.toString(), "--branch", BRANCH));
        return new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    private static String waitForWorkRecords(FlowDatastore datastore, int count, Process cli) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(cli.isAlive(), "the run ended before it could be killed");
            List<String> runs = datastore.runIds();
            if (!runs.isEmpty() && datastore.latestTasks(runs.get(0), "work").size() >= count) {
                return runs.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + count + " work records within 60 s");
    }

    private static void assertEveryRecordNamesReadableBlobs(FlowDatastore datastore, String run) throws IOException {
        for (String step : datastore.steps(run)) {
            for (TaskRecord record : datastore.latestTasks(run, step)) {
                assertTrue(record.succeeded(), record.pathspec());
                record.artifacts().values().forEach(ref -> {
                    try {
                        assertEquals(ref.size(), datastore.blobs().get(ref.sha()).length, record.pathspec());
                    } catch (IOException e) {
                        throw new AssertionError(record.pathspec() + " names a missing blob " + ref.sha(), e);
                    }
                });
                assertFalse(record.stdout() != null && !datastore.blobs().exists(record.stdout()));
            }
        }
    }

    private static Object artifact(FlowDatastore datastore, String run, String name) throws IOException {
        TaskRecord end = datastore.latestTask(run, "end", "0").orElseThrow();
        return new ArtifactStore(datastore.blobs(), Codecs.discover(CrashResumeTest.class.getClassLoader()))
                .read(end.artifacts().get(name), Object.class)
                .value();
    }

    private static RunRecord read(FlowDatastore datastore, String run) {
        try {
            return datastore.readRun(run).orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
