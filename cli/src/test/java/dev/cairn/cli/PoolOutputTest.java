package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.CairnClient;
import dev.cairn.client.Run;
import dev.cairn.client.Task;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output printed from parallel streams and the common pool, which carry no task: under {@code cairn run} every
 * line is in its task's log or the run's shared log, none on the terminal; under {@code cairn step} (one task
 * per process) every line is in the task's log.
 */
class PoolOutputTest {
    private static final String BRANCH = "test.pools";
    private static final Pattern TASK_LINE = Pattern.compile("task \\d+ line -?\\d+ (pool|own)");
    private static final int LINES = 96;

    @TempDir
    Path root;

    private List<String> cairn(String command, String... args) {
        List<String> all = new ArrayList<>(
                List.of(command, "ParallelPrintFlow", "--datastore", root.toString(), "--branch", BRANCH));
        all.addAll(List.of(args));
        return all;
    }

    @Test
    void underCairnRunEveryLineIsInItsTasksLogOrTheRunsSharedLogAndNoneOnTheTerminal() throws Exception {
        int tasks = 4;
        CliProcess cli = CliProcess.run(
                root,
                List.of(),
                Map.of(),
                cairn(
                        "run",
                        "--tasks",
                        "" + tasks,
                        "--lines",
                        "" + LINES,
                        "--together",
                        "" + tasks,
                        "--max-workers",
                        "" + tasks));
        assertEquals(0, cli.exitCode(), cli.toString());
        assertFalse(TASK_LINE.matcher(cli.printed()).find(), "no line a task printed reaches the terminal\n" + cli);

        Run run = CairnClient.local(root, BRANCH).flow("ParallelPrintFlow").run("latest");
        Map<String, String> logs = new HashMap<>();
        for (Task task : run.step("print").tasks()) {
            logs.put(task.id(), task.stdout() + task.stderr());
        }
        String shared = run.sharedStdout() + run.sharedStderr();
        for (int t = 0; t < tasks; t++) {
            String own = logs.get("0-" + t);
            for (int i = -1; i < LINES; i++) {
                String line = "task " + t + " line " + i + " ";
                int inTask = count(own, line);
                int inShared = count(shared, line);
                assertEquals(1, inTask + inShared, line + "is kept once, in its task's log or the shared log");
                // all four tasks printed at once: a pool thread's line cannot be credited to one of them
                assertEquals(
                        inShared == 1,
                        (inShared == 1 ? shared : own).contains(line + "pool"),
                        line + "goes to the shared log exactly when a pool thread printed it");
            }
        }
        assertTrue(cli.out().contains("logs ParallelPrintFlow/" + run.id()), "the run names its shared log\n" + cli);

        StringWriter printed = new StringWriter();
        int code = CairnCli.execute(
                Map.of(),
                new PrintWriter(printed),
                new PrintWriter(new StringWriter()),
                "logs",
                "ParallelPrintFlow/" + run.id(),
                "--stderr",
                "--datastore",
                root.toString(),
                "--branch",
                BRANCH);
        assertEquals(0, code);
        for (int t = 0; t < tasks; t++) {
            assertTrue(printed.toString().contains("task " + t + " line -1 pool\n"), "cairn logs FLOW/RUN shows it");
        }
    }

    @Test
    void underCairnStepEveryLineIsInTheTasksLog() throws Exception {
        String run = "20261126-100000-abcdef";
        StringWriter err = new StringWriter();
        int started = CairnCli.execute(
                Map.of(),
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                cairn("step", "--run", run, "--step", "start", "--task", "0", "--parameters", "{\"tasks\": 2}")
                        .toArray(String[]::new));
        assertEquals(0, started, err.toString());

        CliProcess job = CliProcess.run(
                root,
                List.of(),
                Map.of("AWS_BATCH_JOB_ATTEMPT", "1"),
                cairn("step", "--run", run, "--step", "print", "--task", "0-1"));
        assertEquals(0, job.exitCode(), job.toString());

        Task task = CairnClient.local(root, BRANCH)
                .flow("ParallelPrintFlow")
                .run(run)
                .step("print")
                .task("0-1");
        for (int i = 0; i < LINES; i++) {
            assertEquals(1, count(task.stdout(), "task 1 line " + i + " "), "line " + i + " in the task's stdout");
        }
        assertEquals(1, count(task.stderr(), "task 1 line -1 pool"), "the common pool's line in its stderr");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
