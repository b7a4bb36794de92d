package dev.cairn.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import dev.cairn.flow.internal.graph.FlowGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local run's lease on its record: renewed while the run lives, never written over its end. */
class RunLeaseTest {
    private static final Duration LEASE = Duration.ofSeconds(2);

    @TempDir
    Path root;

    /** Its hold step waits until the file {@code gate} exists; with {@code fail}, it then fails. */
    @Flow(project = "tests")
    public static class Held extends FlowSpec {
        @Parameter(help = "file the hold step waits for; empty: it does not wait")
        String gate = "";

        @Parameter(help = "whether the hold step fails once the gate is open")
        boolean fail = false;

        String released;

        @Step(next = "hold")
        public void start() {}

        @Step(next = "end")
        public void hold() throws Exception {
            while (!gate.isEmpty() && !Files.exists(Path.of(gate))) {
                Thread.sleep(5); // waiting on a file: the test opens it
            }
            if (fail) {
                throw new IllegalStateException("failing as asked");
            }
            released = "yes";
        }

        @Step
        public void end() {}
    }

    private final FlowGraph graph = FlowGraph.of(Held.class);

    private RunOptions options() {
        return RunOptions.defaults()
                .withDatastore(root)
                .withBranch("test.lease")
                .withLeasePeriod(LEASE);
    }

    private FlowDatastore datastore() throws Exception {
        return LocalRuntime.datastore(graph, options());
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
        throw new AssertionError("no " + what + " within 60 s");
    }

    private Optional<RunRecord> onlyRun() {
        try {
            FlowDatastore ds = datastore();
            List<String> ids = ds.runIds();
            return ids.isEmpty() ? Optional.empty() : ds.readRun(ids.get(0));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void liveRunRenewsItsLeaseSoItIsNeverSeenDeadAndItsEndStays() throws Exception {
        Path gate = root.resolve("gate");
        CompletableFuture<RunRecord> running = CompletableFuture.supplyAsync(() -> {
            try {
                return LocalRuntime.run(graph, Map.of("gate", gate.toString()), options());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        RunRecord first = await("run record", this::onlyRun);
        Instant firstLease = first.leaseUntil();
        assertNotNull(firstLease, "a local run holds a lease");
        assertTrue(!firstLease.isBefore(first.startedAt().plus(LEASE)), "the lease is at least one period long");

        // past the first lease, the run's process has renewed it: still RUNNING
        RunRecord renewed = await(
                "renewal seen after the first lease ran out",
                () -> Instant.now().isAfter(firstLease) ? onlyRun() : Optional.empty());
        assertEquals(RunStatus.RUNNING, renewed.statusAt(Instant.now()));
        assertTrue(renewed.leaseUntil().isAfter(firstLease), "renewed: " + renewed.leaseUntil());

        Files.createFile(gate);
        RunRecord finished = running.get(60, TimeUnit.SECONDS);
        assertEquals(RunStatus.SUCCEEDED, finished.status());
        RunRecord stored = datastore().readRun(finished.run()).orElseThrow();
        assertEquals(RunStatus.SUCCEEDED, stored.status(), "no renewal wrote over the end");
        assertEquals(RunStatus.SUCCEEDED, stored.statusAt(Instant.now().plus(LEASE.multipliedBy(10))));
    }

    @Test
    void resumeMarksTheRunItResumesAndTheOriginalRecordStaysAsItWas() throws Exception {
        RunRecord failed = LocalRuntime.run(graph, Map.of("fail", "true"), options());
        assertEquals(RunStatus.FAILED, failed.status());

        RunRecord resumed = LocalRuntime.resume(graph, failed.run(), Optional.empty(), options());

        assertEquals(failed.run(), resumed.resumedFrom());
        assertEquals(List.of(resumed.run()), datastore().resumedBy(failed.run()));
        assertEquals(List.of(), datastore().resumedBy(resumed.run()));
        assertEquals(failed, datastore().readRun(failed.run()).orElseThrow());
        assertNotEquals(failed.run(), resumed.run());
    }
}
