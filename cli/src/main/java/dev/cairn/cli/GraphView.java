package dev.cairn.cli;

import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.flow.internal.graph.StepSettings;
import dev.cairn.flow.internal.graph.Transition;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cairn show FLOW}: the flow's graph before anything runs, as Metaflow's {@code show} prints it: its
 * parameters, then each step in order with its settings and where it goes next.
 */
final class GraphView {
    private GraphView() {}

    static void print(PrintWriter out, FlowGraph graph) {
        out.printf("Flow %s (project %s)%n", graph.name(), graph.project());
        graph.schedule().ifPresent(schedule -> out.printf("  schedule     %s%n", schedule));
        if (!graph.startAfter().isEmpty()) {
            out.printf("  starts after %s%n", String.join(", ", graph.startAfter()));
        }
        out.println();
        out.print(FlowArguments.help(graph));
        out.println();
        out.printf("Steps (%d, in order):%n", graph.steps().size());
        for (StepNode step : graph.steps()) {
            out.println();
            List<String> about = new ArrayList<>();
            if (step.join()) {
                about.add(
                        "join of " + step.closes() + "'s " + (isForeach(graph, step.closes()) ? "foreach" : "branch"));
            }
            about.addAll(settings(step.settings()));
            out.printf("  %s%s%n", step.name(), about.isEmpty() ? "" : "   " + String.join("; ", about));
            out.printf("      %s%n", transition(step.transition()));
        }
        out.println();
        out.printf(
                "Run it: %s run %s [--PARAMETER value ...]; its runs: %s runs %s%n",
                CairnCli.command(), graph.name(), CairnCli.command(), graph.name());
        out.flush();
    }

    private static boolean isForeach(FlowGraph graph, String step) {
        return graph.step(step).transition() instanceof Transition.Foreach;
    }

    private static String transition(Transition transition) {
        return switch (transition) {
            case Transition.Linear linear -> "=> " + linear.next();
            case Transition.Branch branch -> "=> " + String.join(", ", branch.next()) + "   (branch: in parallel)";
            case Transition.Foreach foreach ->
                "=> " + foreach.next() + "   (foreach: one task per item of " + foreach.artifact()
                        + (foreach.declaredMaxItems().isPresent()
                                ? ", at most " + foreach.declaredMaxItems().getAsInt()
                                : "")
                        + ")";
            case Transition.End end -> "(end of the flow)";
        };
    }

    /** The settings a step declares beyond the defaults, as its annotations read. */
    private static List<String> settings(StepSettings settings) {
        List<String> declared = new ArrayList<>();
        StepSettings.Resources r = settings.resources();
        if (!r.equals(StepSettings.Resources.DEFAULT)) {
            declared.add("@Resources(cpu = " + r.cpu() + ", memoryMb = " + r.memoryMb()
                    + (r.gpu() > 0 ? ", gpu = " + r.gpu() : "")
                    + (r.queue().isEmpty() ? "" : ", queue = \"" + r.queue() + "\"") + ")");
        }
        if (settings.retry().times() > 0) {
            declared.add("@Retry(times = " + settings.retry().times() + ", backoffSeconds = "
                    + settings.retry().backoffSeconds() + ")");
        }
        settings.timeout().ifPresent(t -> declared.add("@Timeout(seconds = " + t.toSeconds() + ")"));
        settings.catchVar().ifPresent(v -> declared.add("@Catch(var = \"" + v + "\")"));
        if (settings.tasksPerChild() != StepSettings.AUTO_TASKS_PER_CHILD) {
            declared.add("@Batch(tasksPerChild = " + settings.tasksPerChild() + ")");
        }
        return declared;
    }
}
