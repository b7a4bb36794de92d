package dev.cairn.statemachines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.formats.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Checks an Amazon States Language definition against the Step Functions and Batch limits a Cairn
 * state machine must respect. Each finding names its {@link Rule}; the compiler fails on any
 * {@link Severity#ERROR}.
 *
 * <pre>{@code
 * List<AslLint.Finding> findings = AslLint.lint(json, Map.of("train", 2)); // "train" Map runs 2 iterations
 * AslLint.check(json, Map.of());                                          // throws AslLimitException
 * }</pre>
 */
public final class AslLint {
    public static final int MAX_DEFINITION_BYTES = 1_048_576;
    public static final int MAX_STATE_NAME = 80;
    public static final int MAX_MAP_LABEL = 40;
    public static final int MAX_DISTRIBUTED_CONCURRENCY = 10_000;
    public static final int MAX_INLINE_CONCURRENCY = 40;
    public static final int MAX_CONTAINER_OVERRIDES_CHARS = 8_192;
    public static final int MAX_HISTORY_EVENTS = 25_000;
    public static final Set<String> BATCH_RESOURCES =
            Set.of("arn:aws:states:::batch:submitJob.sync", "arn:aws:states:::batch:submitJob");

    private static final List<String> DISTRIBUTED_ONLY = List.of(
            "ItemReader",
            "ItemBatcher",
            "ResultWriter",
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            "Label");

    public enum Severity {
        ERROR,
        WARNING
    }

    /** One rule per limit; {@link #limit} is the text every finding of the rule starts with. */
    public enum Rule {
        DEFINITION_SIZE("a state machine definition is at most 1 MB (1,048,576 bytes)"),
        STATE_NAME_LENGTH("a state name is at most 80 characters"),
        MAP_LABEL_LENGTH("a Map Label is at most 40 characters"),
        DISTRIBUTED_MAP_FIELDS(
                "ItemReader, ItemBatcher, ResultWriter, ToleratedFailure* and Label need ProcessorConfig Mode DISTRIBUTED"),
        MAP_CONCURRENCY("Map MaxConcurrency is at most 10,000 (an inline Map runs at most 40 iterations at once)"),
        BATCH_RESOURCE(
                "a Batch task's Resource is exactly arn:aws:states:::batch:submitJob.sync or arn:aws:states:::batch:submitJob"),
        BATCH_TIMEOUT("every Batch task has TimeoutSeconds"),
        STATES_ALL_LAST("States.ALL may only appear alone in the last retrier"),
        BATCH_PARAMETER_STRINGS("Batch job Parameters values are strings"),
        CONTAINER_OVERRIDES_SIZE("Batch ContainerOverrides are under 8,192 characters"),
        HISTORY_EVENTS("an execution has at most 25,000 history events");

        public final String limit;

        Rule(String limit) {
            this.limit = limit;
        }
    }

    /** @param state the offending state's name; empty for the whole definition */
    public record Finding(Rule rule, Severity severity, String state, String message) {
        @Override
        public String toString() {
            return severity + " " + rule + (state.isEmpty() ? "" : " at state `" + state + "`") + ": " + message;
        }
    }

    /** Thrown when a definition breaks a limit; the message lists every error finding. */
    public static final class AslLimitException extends IllegalArgumentException {
        private final List<Finding> findings;

        public AslLimitException(String what, List<Finding> findings) {
            super(what + " breaks Step Functions limits:\n  "
                    + String.join(
                            "\n  ", findings.stream().map(Finding::toString).toList()));
            this.findings = List.copyOf(findings);
        }

        public List<Finding> findings() {
            return findings;
        }

        public Set<Rule> rules() {
            return Set.copyOf(findings.stream().map(Finding::rule).toList());
        }
    }

    private AslLint() {}

    /** Lints with every Map counted as one iteration. */
    public static List<Finding> lint(String definition) {
        return lint(definition, Map.of());
    }

    /** @param mapIterations worst-case iterations per Map state name; a Map not in it counts once */
    public static List<Finding> lint(String definition, Map<String, Integer> mapIterations) {
        return lint(definition, name -> mapIterations.getOrDefault(name, 1));
    }

    public static List<Finding> lint(String definition, ToIntFunction<String> mapIterations) {
        List<Finding> out = new ArrayList<>();
        int bytes = definition.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_DEFINITION_BYTES) {
            out.add(error(Rule.DEFINITION_SIZE, "", "the definition has " + bytes + " bytes"));
        }
        JsonNode root;
        try {
            root = Json.PLAIN.readTree(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        states(root.path("States"), out);
        ExecutionEstimate estimate = ExecutionEstimate.of(root, mapIterations);
        if (estimate.historyEvents() > MAX_HISTORY_EVENTS) {
            out.add(error(
                    Rule.HISTORY_EVENTS,
                    "",
                    "the worst case of one execution is " + estimate.historyEvents()
                            + " events; fewer tasks per foreach (larger chunks) or fewer steps bring it down"));
        }
        return out;
    }

    /** @throws AslLimitException if any rule reports an error */
    public static void check(String definition, Map<String, Integer> mapIterations) {
        List<Finding> errors = lint(definition, mapIterations).stream()
                .filter(f -> f.severity() == Severity.ERROR)
                .toList();
        if (!errors.isEmpty()) {
            throw new AslLimitException("the definition", errors);
        }
    }

    private static void states(JsonNode states, List<Finding> out) {
        for (Map.Entry<String, JsonNode> e : states.properties()) {
            state(e.getKey(), e.getValue(), out);
        }
    }

    private static void state(String name, JsonNode state, List<Finding> out) {
        if (name.length() > MAX_STATE_NAME) {
            out.add(error(Rule.STATE_NAME_LENGTH, name, "the name has " + name.length() + " characters"));
        }
        retriers(name, state.path("Retry"), out);
        switch (state.path("Type").asText()) {
            case "Task" -> task(name, state, out);
            case "Parallel" -> state.path("Branches").forEach(b -> states(b.path("States"), out));
            case "Map" -> map(name, state, out);
            default -> {}
        }
    }

    private static void retriers(String name, JsonNode retry, List<Finding> out) {
        for (int i = 0; i < retry.size(); i++) {
            JsonNode errors = retry.get(i).path("ErrorEquals");
            boolean all = false;
            for (JsonNode e : errors) {
                all |= "States.ALL".equals(e.asText());
            }
            if (all && (i != retry.size() - 1 || errors.size() != 1)) {
                out.add(error(
                        Rule.STATES_ALL_LAST,
                        name,
                        "retrier " + i + " of " + retry.size() + " holds States.ALL"
                                + (errors.size() != 1 ? " with other errors" : "")));
            }
        }
    }

    private static void task(String name, JsonNode state, List<Finding> out) {
        String resource = state.path("Resource").asText();
        if (!resource.contains(":batch:")) {
            return;
        }
        if (!BATCH_RESOURCES.contains(resource)) {
            out.add(error(Rule.BATCH_RESOURCE, name, "the Resource is " + resource));
        }
        if (!state.has("TimeoutSeconds") && !state.has("TimeoutSecondsPath")) {
            out.add(error(
                    Rule.BATCH_TIMEOUT,
                    name,
                    "the task has no TimeoutSeconds, so a stuck job holds the execution for up to a year"));
        }
        JsonNode parameters = state.path("Parameters");
        JsonNode jobParameters = parameters.path("Parameters");
        for (Map.Entry<String, JsonNode> p : jobParameters.properties()) {
            if (!p.getValue().isTextual()) {
                out.add(error(
                        Rule.BATCH_PARAMETER_STRINGS,
                        name,
                        "Parameters." + p.getKey() + " is " + p.getValue().getNodeType()));
            }
        }
        JsonNode overrides = parameters.path("ContainerOverrides");
        if (!overrides.isMissingNode()) {
            int chars = overrides.toString().length();
            if (chars >= MAX_CONTAINER_OVERRIDES_CHARS) {
                out.add(error(
                        Rule.CONTAINER_OVERRIDES_SIZE, name, "the ContainerOverrides have " + chars + " characters"));
            }
        }
    }

    private static void map(String name, JsonNode state, List<Finding> out) {
        JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.path("Iterator");
        boolean distributed = "DISTRIBUTED"
                .equals(processor.path("ProcessorConfig").path("Mode").asText());
        if (!distributed) {
            for (String field : DISTRIBUTED_ONLY) {
                if (state.has(field)) {
                    out.add(error(Rule.DISTRIBUTED_MAP_FIELDS, name, field + " on an inline Map"));
                }
            }
        }
        String label = state.path("Label").asText("");
        if (label.length() > MAX_MAP_LABEL) {
            out.add(error(Rule.MAP_LABEL_LENGTH, name, "the Label has " + label.length() + " characters"));
        }
        if (state.has("MaxConcurrency")) {
            int c = state.get("MaxConcurrency").asInt();
            if (c < 0 || c > MAX_DISTRIBUTED_CONCURRENCY) {
                out.add(error(Rule.MAP_CONCURRENCY, name, "MaxConcurrency is " + c));
            } else if (!distributed && (c == 0 || c > MAX_INLINE_CONCURRENCY)) {
                out.add(new Finding(
                        Rule.MAP_CONCURRENCY,
                        Severity.WARNING,
                        name,
                        "an inline Map with MaxConcurrency " + (c == 0 ? "0 (unbounded)" : c) + " still runs at most "
                                + MAX_INLINE_CONCURRENCY + " iterations at once"));
            }
        } else if (!distributed) {
            out.add(new Finding(
                    Rule.MAP_CONCURRENCY,
                    Severity.WARNING,
                    name,
                    "an inline Map without MaxConcurrency runs at most " + MAX_INLINE_CONCURRENCY
                            + " iterations at once"));
        }
        states(processor.path("States"), out);
    }

    private static Finding error(Rule rule, String state, String detail) {
        return new Finding(rule, Severity.ERROR, state, rule.limit + "; " + detail);
    }
}
