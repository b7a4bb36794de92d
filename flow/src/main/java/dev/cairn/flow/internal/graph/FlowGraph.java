package dev.cairn.flow.internal.graph;

import dev.cairn.flow.FlowSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated graph of a flow class: steps in topological order, parameters and artifacts.
 * Built from the class alone; no step runs.
 *
 * <pre>{@code
 * FlowGraph graph = FlowGraph.of(CountryModels.class);
 * graph.step("train").settings().retry().times();
 * }</pre>
 */
public final class FlowGraph {
    public static final String START = "start";
    public static final String END = "end";

    private final Class<? extends FlowSpec> flowClass;
    private final String project;
    private final String schedule;
    private final List<String> startAfter;
    private final Map<String, StepNode> steps;
    private final Map<String, ParameterSpec> parameters;
    private final Map<String, ArtifactSpec> artifacts;

    FlowGraph(
            Class<? extends FlowSpec> flowClass,
            String project,
            String schedule,
            List<String> startAfter,
            List<StepNode> stepsInOrder,
            List<ParameterSpec> parameters,
            List<ArtifactSpec> artifacts) {
        this.flowClass = flowClass;
        this.project = project;
        this.schedule = schedule;
        this.startAfter = List.copyOf(startAfter);
        this.steps = index(stepsInOrder, StepNode::name);
        this.parameters = index(parameters, ParameterSpec::name);
        this.artifacts = index(artifacts, ArtifactSpec::name);
    }

    /**
     * Reads and validates a flow class.
     *
     * @throws InvalidFlowException listing every problem, each naming the step and the fix
     */
    public static FlowGraph of(Class<? extends FlowSpec> flowClass) {
        return new FlowClassReader(flowClass).read();
    }

    public Class<? extends FlowSpec> flowClass() {
        return flowClass;
    }

    /** The flow's name: its class's simple name. */
    public String name() {
        return flowClass.getSimpleName();
    }

    public String project() {
        return project;
    }

    /** Cron schedule, if the flow has one. */
    public Optional<String> schedule() {
        return schedule.isEmpty() ? Optional.empty() : Optional.of(schedule);
    }

    /** Flows whose successful deployed runs start a run of this one. */
    public List<String> startAfter() {
        return startAfter;
    }

    /** Steps in topological order: every step comes after all its parents. */
    public Collection<StepNode> steps() {
        return steps.values();
    }

    public StepNode step(String name) {
        StepNode node = steps.get(name);
        if (node == null) {
            throw new IllegalArgumentException(
                    "flow " + name() + " has no step `" + name + "`; steps: " + steps.keySet());
        }
        return node;
    }

    public boolean hasStep(String name) {
        return steps.containsKey(name);
    }

    /** Steps reachable from {@code from}, including it, in topological order. */
    public List<StepNode> downstreamOf(String from) {
        List<StepNode> out = new ArrayList<>();
        java.util.Set<String> reached =
                new java.util.HashSet<>(List.of(step(from).name()));
        for (StepNode node : steps.values()) {
            if (reached.contains(node.name()) || node.parents().stream().anyMatch(reached::contains)) {
                reached.add(node.name());
                out.add(node);
            }
        }
        return out;
    }

    public Collection<ParameterSpec> parameters() {
        return parameters.values();
    }

    public Optional<ParameterSpec> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    public Collection<ArtifactSpec> artifacts() {
        return artifacts.values();
    }

    private static <T> Map<String, T> index(List<T> items, java.util.function.Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(item -> map.put(key.apply(item), item));
        return java.util.Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "FlowGraph[" + name() + ": " + steps.keySet() + "]";
    }
}
