package dev.cairn.statemachines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.testing.flows.BranchInForeachFlow;
import dev.cairn.testing.flows.GpuFlow;
import dev.cairn.testing.flows.GridFlow;
import dev.cairn.testing.flows.LinearFlow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One hand-made bad definition per rule; each must be reported under that rule and no other. */
class AslLintTest {

    private static final String BATCH_OK = """
            {"Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync", "TimeoutSeconds": 60,
             "Parameters": {"JobName": "j", "JobQueue": "q", "JobDefinition": "d"}, "End": true}""";

    private static String machine(String states) {
        return "{\"StartAt\": \"a\", \"States\": {" + states + "}}";
    }

    private static String inlineMap(String extra) {
        return "\"a\": {\"Type\": \"Map\", \"MaxConcurrency\": 10, " + extra
                + "\"ItemProcessor\": {\"ProcessorConfig\": {\"Mode\": \"INLINE\"}, \"StartAt\": \"b\", \"States\": {\"b\": {\"Type\": \"Pass\", \"End\": true}}},"
                + " \"End\": true}";
    }

    private static void assertOnly(AslLint.Rule rule, String definition) {
        assertOnly(rule, definition, Map.of());
    }

    private static void assertOnly(AslLint.Rule rule, String definition, Map<String, Integer> iterations) {
        List<AslLint.Finding> errors = AslLint.lint(definition, iterations).stream()
                .filter(f -> f.severity() == AslLint.Severity.ERROR)
                .toList();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(rule, errors.get(0).rule());
        assertTrue(errors.get(0).message().startsWith(rule.limit), errors.get(0).message());
        AslLint.AslLimitException e =
                assertThrows(AslLint.AslLimitException.class, () -> AslLint.check(definition, iterations));
        assertTrue(e.getMessage().contains(rule.name()), e.getMessage());
    }

    @Test
    void acceptsAGoodDefinition() {
        assertEquals(List.of(), AslLint.lint(machine("\"a\": " + BATCH_OK)));
    }

    @Test
    void acceptsCompiledFlows() {
        for (Class<? extends dev.cairn.flow.FlowSpec> flow : List.of(
                LinearFlow.class,
                GridFlow.class,
                BranchInForeachFlow.class,
                GpuFlow.class,
                TestFlows.SpotQueue.class)) {
            String json = StateMachineCompiler.compile(FlowGraph.of(flow), StateMachineCompilerTest.settings());
            assertEquals(List.of(), AslLint.lint(json), flow.getSimpleName());
        }
    }

    @Test
    void definitionSize() {
        String big = "x".repeat(AslLint.MAX_DEFINITION_BYTES);
        assertOnly(
                AslLint.Rule.DEFINITION_SIZE,
                "{\"Comment\": \"" + big + "\", \"StartAt\": \"a\", \"States\": {\"a\": " + BATCH_OK + "}}");
    }

    @Test
    void stateNameLength() {
        String name = "s".repeat(81);
        assertOnly(
                AslLint.Rule.STATE_NAME_LENGTH,
                "{\"StartAt\": \"" + name + "\", \"States\": {\"" + name + "\": {\"Type\": \"Pass\", \"End\": true}}}");
    }

    @Test
    void mapLabelLength() {
        String distributed =
                inlineMap("\"Label\": \"" + "l".repeat(41) + "\", ").replace("INLINE", "DISTRIBUTED");
        assertOnly(AslLint.Rule.MAP_LABEL_LENGTH, machine(distributed));
    }

    @Test
    void distributedOnlyFields() {
        assertOnly(AslLint.Rule.DISTRIBUTED_MAP_FIELDS, machine(inlineMap("\"ToleratedFailureCount\": 3, ")));
    }

    @Test
    void mapConcurrency() {
        assertOnly(
                AslLint.Rule.MAP_CONCURRENCY,
                machine(inlineMap("").replace("\"MaxConcurrency\": 10", "\"MaxConcurrency\": 10001")));
        List<AslLint.Finding> inline =
                AslLint.lint(machine(inlineMap("").replace("\"MaxConcurrency\": 10", "\"MaxConcurrency\": 100")));
        assertEquals(1, inline.size());
        assertEquals(AslLint.Severity.WARNING, inline.get(0).severity());
        assertEquals(AslLint.Rule.MAP_CONCURRENCY, inline.get(0).rule());
    }

    @Test
    void batchResource() {
        assertOnly(
                AslLint.Rule.BATCH_RESOURCE,
                machine("\"a\": " + BATCH_OK.replace("submitJob.sync", "submitJob.waitForTaskToken")));
    }

    @Test
    void batchTimeout() {
        assertOnly(AslLint.Rule.BATCH_TIMEOUT, machine("\"a\": " + BATCH_OK.replace("\"TimeoutSeconds\": 60,", "")));
    }

    @Test
    void statesAllOnlyInTheLastRetrier() {
        String retry =
                "\"Retry\": [{\"ErrorEquals\": [\"States.ALL\"]}, {\"ErrorEquals\": [\"Batch.AWSBatchException\"]}], ";
        assertOnly(
                AslLint.Rule.STATES_ALL_LAST,
                machine("\"a\": " + BATCH_OK.replace("\"TimeoutSeconds\"", retry + "\"TimeoutSeconds\"")));
    }

    @Test
    void batchParameterValuesAreStrings() {
        assertOnly(
                AslLint.Rule.BATCH_PARAMETER_STRINGS,
                machine("\"a\": "
                        + BATCH_OK.replace(
                                "\"JobName\": \"j\"", "\"JobName\": \"j\", \"Parameters\": {\"k\": \"v\", \"n\": 3}")));
    }

    @Test
    void containerOverridesSize() {
        String overrides = "\"ContainerOverrides\": {\"Command\": [\""
                + "c".repeat(AslLint.MAX_CONTAINER_OVERRIDES_CHARS) + "\"]}";
        assertOnly(
                AslLint.Rule.CONTAINER_OVERRIDES_SIZE,
                machine("\"a\": " + BATCH_OK.replace("\"JobName\": \"j\"", "\"JobName\": \"j\", " + overrides)));
    }

    @Test
    void historyEvents() throws Exception {
        String map = inlineMap("").replace("{\"b\": {\"Type\": \"Pass\", \"End\": true}}", "{\"b\": " + BATCH_OK + "}");
        assertEquals(List.of(), AslLint.lint(machine(map), Map.of("a", 100)));
        // 4 + n * (2 + 6) + 2 > 25,000 from n = 3,125
        assertOnly(AslLint.Rule.HISTORY_EVENTS, machine(map), Map.of("a", 3_125));
        assertEquals(
                4 + 3_124 * 8 + 2,
                ExecutionEstimate.of(
                                new com.fasterxml.jackson.databind.ObjectMapper().readTree(machine(map)), n -> 3_124)
                        .historyEvents());
    }
}
