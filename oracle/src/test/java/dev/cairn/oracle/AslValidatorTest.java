package dev.cairn.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.bench.ForeachBenchmarkFlow;
import dev.cairn.examples.countrymodels.CountryModels;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.statemachines.DeploymentSettings;
import dev.cairn.statemachines.StateMachineCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compiled state machines of the example flows pass asl-validator, an independent ASL checker. */
class AslValidatorTest {
    static final DeploymentSettings SETTINGS = DeploymentSettings.builder("cairn-oracle-test")
            .datastorePrefix("cairn")
            .build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(classes = {CountryModels.class, ForeachBenchmarkFlow.class})
    void compiledDefinitionIsValid(Class<? extends FlowSpec> flow) throws Exception {
        String definition = StateMachineCompiler.compile(FlowGraph.of(flow), SETTINGS);
        JsonNode result = validate(definition);
        assertTrue(
                result.path("valid").asBoolean(),
                () -> flow.getSimpleName() + " is not valid ASL: " + result.path("errors"));
        assertEquals(0, result.path("errors").size(), result::toString);
    }

    /** The check can fail: a definition whose Next names no state is rejected with the validator's reason. */
    @Test
    void brokenDefinitionIsRejected() throws Exception {
        String definition = StateMachineCompiler.compile(FlowGraph.of(ForeachBenchmarkFlow.class), SETTINGS)
                .replace("\"Next\" : \"join\"", "\"Next\" : \"nowhere\"");
        JsonNode result = validate(definition);
        assertFalse(result.path("valid").asBoolean(), result::toString);
        assertTrue(result.path("errors").toString().contains("nowhere"), result::toString);
    }

    private JsonNode validate(String definition) throws Exception {
        Path file = Files.writeString(dir.resolve("definition.asl.json"), definition);
        return Node.run("validate.mjs", null, 60, file.toString());
    }
}
