package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.TaskRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Batch job's step runner killed mid-task, then retried as Batch would: attempt 2 of the same array child. */
class StepKillTest {
    private static final String RUN = "20261126-070000-abcdef";

    @TempDir
    Path root;

    private List<String> args(String... more) {
        List<String> args = new ArrayList<>(
                List.of("step", "CrashFlow", "--datastore", root.toString(), "--branch", "test.kill", "--run", RUN));
        args.addAll(List.of(more));
        return args;
    }

    private int inProcess(Map<String, String> env, List<String> args) {
        var cli = CairnCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        ((StepCommand) cli.getSubcommands().get("step").getCommand()).store.env = env;
        int code = cli.execute(args.toArray(String[]::new));
        assertEquals(0, code, err.toString());
        return code;
    }

    static void awaitFile(Path file, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            assertTrue(process.isAlive(), "the process ended before creating " + file);
            assertTrue(System.nanoTime() < deadline, "no " + file + " within 60 s");
            Thread.sleep(10);
        }
    }

    @Test
    void killedTaskLeavesNoRecordAndItsRetrySucceeds() throws Exception {
        Path gate = root.resolve("gate");
        inProcess(
                Map.of(),
                args(
                        "--step",
                        "start",
                        "--task",
                        "0",
                        "--parameters",
                        "{\"items\": 2, \"gate\": \"" + gate + "\", \"holdFrom\": 1}"));
        inProcess(Map.of(), args("--step", "work", "--plan"));

        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", // as ./cairn: Arrow artifacts
                "-XX:+IgnoreUnrecognizedVMOptions",
                "--sun-misc-unsafe-memory-access=allow", // JDK 24+: Arrow's Unsafe, without a warning
                "-cp",
                System.getProperty("java.class.path"),
                CairnCli.class.getName()));
        command.addAll(args("--step", "work", "--chunk-offset", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_BATCH_JOB_ARRAY_INDEX", "1");
        builder.environment().put("AWS_BATCH_JOB_ATTEMPT", "1");
        Process job = builder.start();
        awaitFile(root.resolve("gate.started-1"), job); // the task is running, held at the gate
        job.destroyForcibly();
        assertTrue(job.waitFor(30, TimeUnit.SECONDS));

        FlowDatastore datastore = new FlowDatastore(new LocalObjectStore(root), "tests", "test.kill", "CrashFlow");
        assertTrue(datastore.taskIds(RUN, "work").isEmpty(), "a killed attempt commits nothing");

        Files.createFile(gate);
        inProcess(
                Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "1", "AWS_BATCH_JOB_ATTEMPT", "2"),
                args("--step", "work", "--chunk-offset", "0"));
        TaskRecord retried = datastore.latestTask(RUN, "work", "0-1").orElseThrow();
        assertTrue(retried.succeeded());
        assertEquals(1, retried.attempt());
        assertEquals(
                "1",
                new String(
                        datastore.blobs().get(retried.artifacts().get("square").sha())),
                "1 squared, read back");
    }
}
