package dev.cairn.runtime.task;

import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.ParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns parameters given as text into a run's typed parameter values, defaults filled in. */
public final class RunParameters {
    private RunParameters() {}

    /**
     * @throws IllegalArgumentException for an unknown parameter, a value of the wrong type, or a missing required one
     */
    public static Map<String, Object> resolve(FlowGraph graph, Map<String, String> given) {
        for (String name : given.keySet()) {
            if (graph.parameter(name).isEmpty()) {
                throw new IllegalArgumentException("flow " + graph.name() + " has no parameter --" + name
                        + (graph.parameters().isEmpty()
                                ? "; it takes none"
                                : "; its parameters are "
                                        + graph.parameters().stream()
                                                .map(p -> "--" + p.name())
                                                .toList()));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParameterSpec p : graph.parameters()) {
            String text = given.get(p.name());
            if (text != null) {
                values.put(p.name(), p.parse(text));
            } else if (p.required()) {
                throw new IllegalArgumentException("flow " + graph.name() + " needs --" + p.name()
                        + (p.help().isEmpty() ? "" : " (" + p.help() + ")"));
            } else if (p.defaultValue() != null) {
                values.put(p.name(), p.defaultValue());
            }
        }
        return values;
    }
}
