package dev.cairn.runtime.local;

import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.flow.internal.CairnCommand;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.flow.layout.PathName;
import dev.cairn.runtime.task.CodeVersion;
import dev.cairn.runtime.task.RunParameters;
import dev.cairn.runtime.task.TaskRunner;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded default: runs a flow in this JVM against the local datastore.
 *
 * <pre>{@code
 * RunRecord run = LocalRuntime.run(FlowGraph.of(CountryModels.class), Map.of("countries", "5"), RunOptions.defaults());
 * }</pre>
 */
public final class LocalRuntime {
    private LocalRuntime() {}

    /** The datastore a flow uses under {@code options}. */
    public static FlowDatastore datastore(FlowGraph graph, RunOptions options) throws IOException {
        return new FlowDatastore(
                new LocalObjectStore(options.datastore()), graph.project(), options.branch(), graph.name());
    }

    /** Starts a new run and waits for it to end. */
    public static RunRecord run(FlowGraph graph, Map<String, String> parameters, RunOptions options)
            throws IOException, InterruptedException {
        Map<String, Object> values = RunParameters.resolve(graph, parameters);
        FlowDatastore datastore = datastore(graph, options);
        RunRecord run = new RunRecord(
                graph.name(),
                graph.project(),
                options.branch(),
                RunIds.next(),
                RunStatus.RUNNING,
                values,
                CodeVersion.of(graph.flowClass()),
                Instant.now(),
                null,
                null,
                null,
                null,
                System.getProperty("user.name"));
        return execute(graph, datastore, run, Map.of(), options);
    }

    /**
     * Runs an earlier run again as a new run with the same parameters, taking over every task that
     * succeeded before {@code fromStep} (by reference: no blob is copied) and running the rest.
     *
     * @param fromStep step to run again from, with everything after it; empty reruns only what did not succeed
     */
    public static RunRecord resume(FlowGraph graph, String originalRun, Optional<String> fromStep, RunOptions options)
            throws IOException, InterruptedException {
        // the id becomes a key: a '../' in it would reach another branch's run, whose blobs are not in this flow's
        PathName.RUN.require(originalRun);
        FlowDatastore datastore = datastore(graph, options);
        RunRecord original = datastore
                .readRun(originalRun)
                .orElseThrow(() -> new IllegalArgumentException(
                        "flow " + graph.name() + " has no run " + originalRun + " in " + datastore.location()
                                + "; list runs with: " + CairnCommand.hint("runs " + graph.name())));
        Set<String> rerun = new HashSet<>();
        fromStep.ifPresent(step -> graph.downstreamOf(step).forEach(node -> rerun.add(node.name())));
        Map<String, TaskRecord> reusable = new HashMap<>();
        for (StepNode node : graph.steps()) {
            if (rerun.contains(node.name())) {
                continue;
            }
            for (TaskRecord task : datastore.latestTasks(originalRun, node.name())) {
                if (task.succeeded()) {
                    reusable.put(task.step() + "/" + task.task(), task);
                }
            }
        }
        RunRecord run = new RunRecord(
                graph.name(),
                graph.project(),
                options.branch(),
                RunIds.next(),
                RunStatus.RUNNING,
                original.parameters(),
                CodeVersion.of(graph.flowClass()),
                Instant.now(),
                null,
                originalRun,
                null,
                null,
                System.getProperty("user.name"));
        return execute(graph, datastore, run, reusable, options);
    }

    /** Writes the run's record, holding a lease, and runs it to its end. */
    private static RunRecord execute(
            FlowGraph graph,
            FlowDatastore datastore,
            RunRecord run,
            Map<String, TaskRecord> reusable,
            RunOptions options)
            throws IOException, InterruptedException {
        ArtifactStore artifacts = new ArtifactStore(
                datastore.blobs(), Codecs.discover(graph.flowClass().getClassLoader()));
        TaskRunner runner = new TaskRunner(graph, datastore, artifacts, run.codeVersion());
        LocalScheduler scheduler =
                new LocalScheduler(graph, datastore, runner, options.maxWorkers(), options.listener());
        try (RunLease lease = RunLease.start(datastore, run, options.leasePeriod())) {
            if (run.resumedFrom() != null) {
                // after the new record, so a mark never names a run that has none
                datastore.markResumed(run.resumedFrom(), run.run());
            }
            return scheduler.execute(lease, reusable);
        }
    }
}
