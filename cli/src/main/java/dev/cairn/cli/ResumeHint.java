package dev.cairn.cli;

import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a failed run's summary says about resuming it, in one place. A plain {@code resume} reuses every task that
 * succeeded, so a join that succeeded with wrong values (or whose code was fixed since) is reused as it was; only
 * {@code --from} runs it again, and the summary says so when the failure came after a join.
 */
final class ResumeHint {
    private ResumeHint() {}

    /**
     * The summary's lines for the run {@code runPath} (FLOW/RUN) whose step {@code failedStep} failed (null when no
     * task failed: the run was stopped).
     */
    static List<String> lines(FlowGraph graph, String runPath, String failedStep) {
        String resume = CairnCli.command() + " resume " + runPath;
        return nearestJoinBefore(graph, failedStep)
                .map(join -> List.of(
                        "  resume:   " + resume,
                        "  rerun:    " + resume + " --from " + join + "   (resume reuses join `" + join
                                + "`, which succeeded: rerun it from there if its code changed or it passed on"
                                + " wrong values)"))
                .orElse(List.of("  resume:   " + resume));
    }

    /** The last join (in graph order) that {@code step} comes after; empty when no join precedes it. */
    static Optional<String> nearestJoinBefore(FlowGraph graph, String step) {
        if (step == null || !graph.hasStep(step)) {
            return Optional.empty(); // no failed task, or one of another code version
        }
        Set<String> ancestors = new HashSet<>();
        List<String> pending = new ArrayList<>(graph.step(step).parents());
        while (!pending.isEmpty()) {
            String parent = pending.remove(pending.size() - 1);
            if (ancestors.add(parent)) {
                pending.addAll(graph.step(parent).parents());
            }
        }
        String nearest = null;
        for (StepNode node : graph.steps()) { // topological order: the last join seen is the nearest
            if (node.join() && ancestors.contains(node.name())) {
                nearest = node.name();
            }
        }
        return Optional.ofNullable(nearest);
    }
}
