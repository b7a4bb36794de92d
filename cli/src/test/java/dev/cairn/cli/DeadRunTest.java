package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.CairnClient;
import dev.cairn.client.FlowRuns;
import dev.cairn.client.Run;
import dev.cairn.datastore.RunStatus;
import dev.cairn.runtime.local.RunOptions;
import dev.cairn.testing.CairnExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn run} as a separate process killed with SIGKILL: the run it leaves is shown as DIED by
 * {@code runs}, {@code show} and the client once its lease runs out, and once resumed it names the run that
 * resumed it.
 */
class DeadRunTest {
    /** Short, so the test sees the death soon; long enough for a busy machine to renew the lease in time. */
    private static final String LEASE_SECONDS = "2";

    @TempDir
    Path root;

    @Test
    void runKilledWithSigkillIsShownDiedEverywhereAndNamesTheRunThatResumedIt() throws Exception {
        Path gate = root.resolve("gate");
        Process cli = cairn("run", "HeldRunFlow", "--gate", gate.toString());
        try {
            await(
                    "the hold step to start",
                    () -> Files.exists(Path.of(gate + ".started")) ? Optional.of(true) : alive(cli));
            String run = flow().runs().get(0).id();

            Instant firstLease = flow().run(run).record().leaseUntil();
            assertNotNull(firstLease, "a local run's record holds a lease");
            Run live = await(
                    "the first lease to run out",
                    () -> Instant.now().isAfter(firstLease) ? Optional.of(flow().run(run)) : alive(cli));
            assertEquals(RunStatus.RUNNING, live.status(), "a live run renews its lease");

            cli.destroyForcibly(); // SIGKILL: no shutdown hook, nothing recorded
            assertTrue(cli.waitFor(30, TimeUnit.SECONDS));

            Run dead = await(
                    "the run to be seen dead",
                    () -> Optional.of(flow().run(run)).filter(r -> r.status() == RunStatus.DIED));
            assertTrue(dead.finishedAt().isEmpty());
            assertTrue(row(CliRun.of(root, "runs", "HeldRunFlow"), run).contains(" DIED "), "runs");
            assertEquals(
                    List.of(run),
                    rows(CliRun.of(root, "runs", "HeldRunFlow", "--status", "died")).stream()
                            .map(r -> r.strip().split(" ")[0])
                            .toList());
            CliRun shown = CliRun.of(root, "show", "HeldRunFlow/" + run);
            assertTrue(shown.out().startsWith("Run HeldRunFlow/" + run + ": DIED\n"), shown::toString);
            assertTrue(shown.out().contains("never: its process died"), shown::toString);
            assertTrue(shown.out().contains("cairn resume HeldRunFlow/" + run), shown::toString);
        } finally {
            cli.destroyForcibly();
        }

        Files.createFile(gate);
        CliRun resume = CliRun.of(root, "resume", "HeldRunFlow/" + run(), "--max-workers", "2");
        assertEquals(0, resume.exitCode(), resume::toString);

        String origin = run();
        Run dead = flow().run(origin);
        assertEquals(RunStatus.DIED, dead.status(), "resuming a run does not change how it ended");
        assertEquals(1, dead.resumedBy().size(), "the dead run names the run that resumed it");
        Run resumed = flow().run(dead.resumedBy().get(0));
        assertEquals(RunStatus.SUCCEEDED, resumed.status());
        assertEquals(Optional.of(origin), resumed.resumedFrom());

        CliRun runs = CliRun.of(root, "runs", "HeldRunFlow");
        assertTrue(row(runs, origin).contains(" DIED, resumed by " + resumed.id() + " "), runs::toString);
        assertTrue(row(runs, resumed.id()).endsWith(" " + origin), runs::toString);
        CliRun shown = CliRun.of(root, "show", "HeldRunFlow/" + origin);
        assertTrue(shown.out().contains("  resumed by  HeldRunFlow/" + resumed.id() + "\n"), shown::toString);
        assertFalse(shown.out().contains("cairn resume"), "no advice to resume a resumed run: " + shown);
    }

    private FlowRuns flow() {
        return CairnClient.local(root, CairnExtension.BRANCH).flow("HeldRunFlow");
    }

    /** The first run: the one the killed process started. */
    private String run() {
        List<Run> runs = flow().runs();
        return runs.get(runs.size() - 1).id();
    }

    private static List<String> rows(CliRun runs) {
        assertEquals(0, runs.exitCode(), runs::toString);
        return runs.out()
                .lines()
                .filter(l -> l.matches("  \\d{8}-\\d{6}-\\w{6} .*"))
                .toList();
    }

    private static String row(CliRun runs, String run) {
        return rows(runs).stream()
                .filter(l -> l.startsWith("  " + run + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row of " + run + " in\n" + runs));
    }

    private static <T> Optional<T> alive(Process process) {
        assertTrue(process.isAlive(), "the run's process ended before the test killed it");
        return Optional.empty();
    }

    private static <T> T await(String what, Supplier<Optional<T>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<T> value = condition.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("waited 60 s for " + what);
    }

    private Process cairn(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", // as ./cairn: Arrow artifacts
                "-XX:+IgnoreUnrecognizedVMOptions",
                "--sun-misc-unsafe-memory-access=allow", // JDK 24+: Arrow's Unsafe, without a warning
                "-cp",
                System.getProperty("java.class.path"),
                CairnCli.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--datastore", root.toString(), "--branch", CairnExtension.BRANCH));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("cli.log").toFile());
        builder.environment().put(RunOptions.LEASE_ENV, LEASE_SECONDS);
        return builder.start();
    }
}
