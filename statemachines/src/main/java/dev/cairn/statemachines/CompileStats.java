package dev.cairn.statemachines;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Compiles a flow for a worst-case fan-out and prints what the definition costs per execution.
 *
 * <pre>
 * CompileStats [FLOW_CLASS [ITEMS_PER_FOREACH...]]
 *   default: dev.cairn.examples.countrymodels.CountryModels 200 100
 * </pre>
 * The i-th count bounds the i-th foreach of the flow (in graph order). Last line:
 * {@code tasks=N states=S definition_kb=K max_history_events=E transitions_per_task=T}.
 */
public final class CompileStats {
    private CompileStats() {}

    public static void main(String[] args) throws Exception {
        String className = args.length > 0 ? args[0] : "dev.cairn.examples.countrymodels.CountryModels";
        int[] items = args.length > 1 ? new int[args.length - 1] : new int[] {200, 100};
        for (int i = 1; i < args.length; i++) {
            items[i - 1] = Integer.parseInt(args[i]);
        }
        Class<? extends FlowSpec> flowClass = Class.forName(className).asSubclass(FlowSpec.class);
        FlowGraph graph = FlowGraph.of(flowClass);
        DeploymentSettings.Builder builder = DeploymentSettings.builder("cairn-datastore")
                .cpuJobQueueArn("arn:aws:batch:us-east-1:123456789012:job-queue/cairn-cpu")
                .gpuJobQueueArn("arn:aws:batch:us-east-1:123456789012:job-queue/cairn-gpu");
        int i = 0;
        for (StepNode node : graph.steps()) {
            if (node.transition() instanceof dev.cairn.flow.internal.graph.Transition.Foreach && i < items.length) {
                builder.maxForeachItems(node.name(), items[i++]);
            }
        }
        StateMachineCompiler.Compiled compiled = StateMachineCompiler.compileDetailed(graph, builder.build());
        long tasks = compiled.maxTasksPerStep();
        double kb = compiled.definition().getBytes(StandardCharsets.UTF_8).length / 1024.0;
        System.out.println(graph.name() + ": map iterations (chunks) per step " + compiled.mapIterations());
        System.out.printf(
                Locale.ROOT,
                "tasks=%d states=%d definition_kb=%.1f max_history_events=%d transitions_per_task=%.5f%n",
                tasks,
                compiled.stateCount(),
                kb,
                compiled.estimate().historyEvents(),
                compiled.estimate().statesEntered() / (double) tasks);
    }
}
