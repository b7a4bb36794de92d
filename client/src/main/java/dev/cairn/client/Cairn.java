package dev.cairn.client;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The one entry point for running flows from Java and reading what they left, on a local datastore.
 *
 * <pre>{@code
 * Cairn cairn = Cairn.local(Path.of(".cairn"));
 * Run run = cairn.run(CountryModels.class, Map.of("countries", "5"));
 * double accuracy = run.step("train").task("0-1-3").artifact("accuracy", Double.class);
 * Run earlier = cairn.flow("CountryModels").latestSuccessful().orElseThrow();
 * }</pre>
 *
 * The flow is checked before anything runs (an invalid graph or parameter throws
 * {@link IllegalArgumentException} naming it); a run whose task fails is returned, with its
 * status, for the caller to read.
 */
public final class Cairn {
    private final Path datastore;
    private final String branch;
    private final int maxWorkers;

    private Cairn(Path datastore, String branch, int maxWorkers) {
        this.datastore = Objects.requireNonNull(datastore, "datastore");
        this.branch = Objects.requireNonNull(branch, "branch");
        this.maxWorkers = maxWorkers;
    }

    /** Runs under {@code datastore} on the branch {@code user.$USER}, one task per core at a time. */
    public static Cairn local(Path datastore) {
        RunOptions defaults = RunOptions.defaults();
        return new Cairn(datastore, defaults.branch(), defaults.maxWorkers());
    }

    /** The same datastore on another branch (prod, user.alice, test.feature-x). */
    public Cairn branch(String branch) {
        return new Cairn(datastore, branch, maxWorkers);
    }

    /** At most {@code maxWorkers} tasks at a time. */
    public Cairn maxWorkers(int maxWorkers) {
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("maxWorkers must be at least 1, got " + maxWorkers);
        }
        return new Cairn(datastore, branch, maxWorkers);
    }

    /**
     * Runs {@code flow} with {@code parameters} (by name, as on the command line; missing ones take the
     * flow's defaults) and returns the run, succeeded or failed.
     *
     * @throws dev.cairn.flow.internal.graph.InvalidFlowException if the flow's graph cannot run
     * @throws IllegalArgumentException                  if a parameter is unknown or of the wrong type
     */
    public Run run(Class<? extends FlowSpec> flow, Map<String, String> parameters)
            throws IOException, InterruptedException {
        FlowGraph graph = FlowGraph.of(flow);
        RunOptions options = RunOptions.defaults()
                .withDatastore(datastore)
                .withBranch(branch)
                .withMaxWorkers(maxWorkers);
        String run = LocalRuntime.run(graph, parameters, options).run();
        return client().flow(graph.name()).run(run);
    }

    /** The runs of the flow named {@code name} (its simple class name). */
    public FlowRuns flow(String name) {
        return client().flow(name);
    }

    /** Everything the datastore holds on this branch. */
    public CairnClient client() {
        return CairnClient.local(datastore, branch);
    }
}
