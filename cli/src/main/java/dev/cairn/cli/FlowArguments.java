package dev.cairn.cli;

import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.ParameterSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code --name value}, {@code --name=value} and bare boolean {@code --flag} flow parameters. */
final class FlowArguments {
    private FlowArguments() {}

    static Map<String, String> parse(FlowGraph graph, List<String> args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UserError("unexpected argument '" + arg + "': flow parameters are given as --name value");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                Optional<ParameterSpec> spec = graph.parameter(name);
                boolean flag = spec.isPresent()
                        && (spec.get().type() == boolean.class || spec.get().type() == Boolean.class);
                boolean hasValue = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
                if (flag && !hasValue) {
                    value = "true";
                } else if (!hasValue) {
                    throw new UserError("--" + name + " needs a value");
                } else {
                    value = args.get(++i);
                }
            }
            if (given.put(name, value) != null) {
                throw new UserError("--" + name + " is given twice");
            }
        }
        return given;
    }

    /** The flow's parameters as help text. */
    static String help(FlowGraph graph) {
        StringBuilder out = new StringBuilder("Parameters of " + graph.name() + ":\n");
        if (graph.parameters().isEmpty()) {
            out.append("  (none)\n");
        }
        for (ParameterSpec p : graph.parameters()) {
            String left = "  --" + p.name() + " <" + p.typeName() + ">";
            out.append(String.format(
                    "%-30s %s%s%n",
                    left,
                    p.help(),
                    p.required()
                            ? " (required)"
                            : p.defaultValue() == null ? "" : " (default: " + p.defaultValue() + ")"));
        }
        return out.toString();
    }
}
