package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn step} as a Batch job runs it, in a process of its own: what the task prints reaches the process's
 * stdout (the job's CloudWatch log) within a second of being printed, while the task still runs, and a killed
 * job has shown everything it printed.
 */
class StepLiveOutputTest {
    private static final String RUN = "20261205-010000-a1b2c3";
    private static final long WITHIN_MS = 1_000;
    private static final Pattern TICK = Pattern.compile(TickingFlow.TICK + "(\\d+) printed at (\\d+)\n");

    @TempDir
    Path root;

    /** The child's stdout as it arrives, read on a thread of its own, with when each part arrived. */
    private static final class Arrivals {
        private final StringBuilder text = new StringBuilder();
        private boolean ended;

        Arrivals(Process process) {
            Thread.ofPlatform().daemon().start(() -> read(process));
        }

        private void read(Process process) {
            try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                char[] chars = new char[4096];
                for (int n = in.read(chars); n >= 0; n = in.read(chars)) {
                    synchronized (this) {
                        text.append(chars, 0, n);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process was killed: what arrived is what it printed
            }
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }

        /** Waits until the output holds {@code expected} after {@code from}; returns its end and when it came. */
        synchronized long[] await(String expected, int from, long deadlineMs) throws InterruptedException {
            while (text.indexOf(expected, from) < 0) {
                long left = deadlineMs - System.currentTimeMillis();
                assertTrue(left > 0 && !ended, "no `" + expected + "` on stdout in time; it printed:\n" + text);
                wait(left);
            }
            return new long[] {text.indexOf(expected, from) + expected.length(), System.currentTimeMillis()};
        }

        synchronized String awaitEnd(long deadlineMs) throws InterruptedException {
            while (!ended) {
                long left = deadlineMs - System.currentTimeMillis();
                assertTrue(left > 0, "stdout did not end after the kill");
                wait(left);
            }
            return text.toString();
        }

        synchronized String text() {
            return text.toString();
        }
    }

    @Test
    void eachLineReachesTheJobsStdoutWithinASecondWhileTheTaskRunsAndSurvivesTheKill() throws Exception {
        Path gates = Files.createDirectories(root.resolve("gates"));
        int ticks = 3;
        List<String> args = List.of(
                "step",
                TickingFlow.class.getName(),
                "--datastore",
                root.resolve("store").toString(),
                "--branch",
                "test.live",
                "--run",
                RUN,
                "--step",
                "start",
                "--task",
                "0",
                "--parameters",
                "{\"ticks\": " + ticks + ", \"gates\": \"" + gates + "\"}");
        Path stderr = root.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(CliProcess.command(List.of(), args)).redirectError(stderr.toFile());
        builder.environment().put("CAIRN_PARTIAL_LOG_SECONDS", "0.2");
        Process job = builder.start();
        try {
            Arrivals stdout = new Arrivals(job);
            FlowDatastore datastore =
                    new FlowDatastore(new LocalObjectStore(root.resolve("store")), "tests", "test.live", "TickingFlow");
            int from = 0;
            long maxDelayMs = 0;
            for (int i = 0; i < ticks; i++) {
                // the first line waits for the JVM to start; each later one is printed as soon as its gate opens
                long[] arrived = stdout.await(TickingFlow.TICK + i + " ", from, System.currentTimeMillis() + 60_000);
                long[] lineEnd = stdout.await("\n", (int) arrived[0], arrived[1] + WITHIN_MS);
                Matcher tick = TICK.matcher(stdout.text());
                assertTrue(tick.find(from), stdout.text());
                long delayMs = lineEnd[1] - Long.parseLong(tick.group(2));
                assertTrue(
                        delayMs < WITHIN_MS, "tick " + i + " reached stdout " + delayMs + " ms after it was printed");
                maxDelayMs = Math.max(maxDelayMs, delayMs);
                assertTrue(job.isAlive(), "the task still runs");
                assertTrue(datastore.taskIds(RUN, "start").isEmpty(), "the task has not ended: no record yet");
                from = (int) lineEnd[0];
                Files.createFile(gates.resolve(Integer.toString(i)));
            }
            long opened = System.currentTimeMillis(); // the last gate: the partial line comes next
            long[] partial = stdout.await(TickingFlow.WAITING, from, opened + WITHIN_MS);
            assertTrue(partial[1] - opened < WITHIN_MS, "the line without a newline reached stdout in time");
            assertTrue(job.isAlive(), "the task still runs");

            // the job saves the task's log so far every 0.2 s: wait for a save that holds the partial line
            long saving = System.currentTimeMillis() + 30_000;
            while (!datastore
                    .readPartialLog(RUN, "start", "0", 0, "stdout")
                    .map(b -> new String(b, StandardCharsets.UTF_8))
                    .orElse("")
                    .endsWith(TickingFlow.WAITING)) {
                assertTrue(System.currentTimeMillis() < saving, "no save of the task's log holds its last line");
                Thread.sleep(50);
            }

            job.destroyForcibly(); // as Batch kills a job past its timeout or memory
            assertTrue(job.waitFor(30, TimeUnit.SECONDS));
            String printed = stdout.awaitEnd(System.currentTimeMillis() + 30_000);
            for (int i = 0; i < ticks; i++) {
                assertTrue(printed.contains(TickingFlow.TICK + i + " printed at "), printed);
            }
            assertTrue(printed.endsWith(TickingFlow.WAITING), printed);
            assertEquals(List.of(), datastore.taskIds(RUN, "start"), "a killed attempt commits nothing");
            StringWriter logsOut = new StringWriter();
            StringWriter logsErr = new StringWriter();
            int logs = CairnCli.execute(
                    Map.of(),
                    new PrintWriter(logsOut),
                    new PrintWriter(logsErr),
                    "logs",
                    "TickingFlow/" + RUN + "/start/0",
                    "--datastore",
                    root.resolve("store").toString(),
                    "--branch",
                    "test.live");
            assertEquals(0, logs, logsErr.toString());
            for (int i = 0; i < ticks; i++) {
                assertTrue(logsOut.toString().contains(TickingFlow.TICK + i + " printed at "), logsOut.toString());
            }
            assertTrue(logsOut.toString().endsWith(TickingFlow.WAITING), "the killed attempt's log: " + logsOut);
            assertTrue(
                    logsErr.toString()
                            .startsWith("cairn: TickingFlow/" + RUN + "/start/0 attempt 1 has no record (still running,"
                                    + " or its job was killed)"),
                    logsErr.toString());
            System.out.println("live step output: slowest line reached stdout " + maxDelayMs + " ms after printing");
        } finally {
            job.destroyForcibly();
            if (Files.exists(stderr) && !Files.readString(stderr).isBlank()) {
                System.err.println("cairn step's stderr:\n" + Files.readString(stderr));
            }
        }
    }
}
