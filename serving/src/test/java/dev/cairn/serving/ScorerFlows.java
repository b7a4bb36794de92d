package dev.cairn.serving;

import dev.cairn.client.CairnClient;
import dev.cairn.client.Task;
import dev.cairn.datastore.RunRecord;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A tiny flow that trains a {@link LinearScorer}, run through the local runtime, for the serving tests. */
public final class ScorerFlows {
    public static final String BRANCH = "test.serving";
    /** score = 1 + 2 * tenure - 0.5 * spend */
    public static final LinearScorer SCORER = new LinearScorer(List.of("tenure", "spend"), List.of(2.0, -0.5), 1.0);

    private ScorerFlows() {}

    /** Leaves a servable {@code model} and a plain {@code notes} list in its start and end tasks. */
    @Flow(project = "servingtests")
    public static class Scorer extends FlowSpec {
        LinearScorer model;
        List<String> notes;

        @Step(next = "end")
        public void start() {
            model = SCORER;
            notes = List.of("weights fitted by hand");
        }

        @Step
        public void end() {}
    }

    /** Runs {@link Scorer} into {@code root} and returns its start task, read back with the client. */
    public static Task trainedTask(Path root) throws Exception {
        RunRecord run = LocalRuntime.run(
                FlowGraph.of(Scorer.class),
                Map.of(),
                RunOptions.defaults().withDatastore(root).withBranch(BRANCH).withMaxWorkers(2));
        return CairnClient.local(root, BRANCH)
                .flow("Scorer")
                .run(run.run())
                .step("start")
                .task();
    }
}
