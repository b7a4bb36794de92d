package dev.cairn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterConfigWeightsTest {
    @TempDir
    Path dir;

    private Path config(String json) throws IOException {
        return Files.writeString(dir.resolve("router.json"), json);
    }

    private static String refusal(Path file, String experiment) {
        return assertThrows(IllegalArgumentException.class, () -> RouterConfigWeights.read(file, experiment))
                .getMessage();
    }

    @Test
    void theExperimentsWeightsComeInConfigOrder() throws IOException {
        Map<String, Double> weights = RouterConfigWeights.read(config(ExperimentData.ROUTER_CONFIG), "churn-ab");
        assertEquals(List.of("v2", "v1"), List.copyOf(weights.keySet()));
        assertEquals(0.52, weights.get("v2"));
    }

    @Test
    void anUnknownExperimentIsAnErrorListingTheKnownOnes() throws IOException {
        Path file = config(ExperimentData.ROUTER_CONFIG);
        assertEquals(file + " has no experiment price-ab (it has churn-ab)", refusal(file, "price-ab"));
    }

    @Test
    void aVariantWithoutWeightIsAnErrorNamingTheFileAndTheField() throws IOException {
        Path file = config(
                ExperimentData.ROUTER_CONFIG.replace("{\"name\": \"v1\", \"weight\": 0.48}", "{\"name\": \"v1\"}"));
        String message = refusal(file, "churn-ab");
        assertTrue(message.startsWith(file + ": invalid router config: "), message);
        assertTrue(message.contains("models.churn.experiment.variants[1].weight must be a number"), message);
    }

    /** The old reader took any positive weights of a named experiment; the router refuses the whole file. */
    @Test
    void aConfigTheRouterRefusesIsRefusedWithEveryProblem() throws IOException {
        Path file = config(ExperimentData.ROUTER_CONFIG
                .replace("\"weight\": 0.48", "\"weight\": 0.38")
                .replace("\"salt\": \"churn-ab-1\", ", "")
                .replace("\"share\": 0.1", "\"share\": 1.5"));
        String message = refusal(file, "churn-ab");
        assertTrue(message.startsWith(file + ": invalid router config: "), message);
        for (String problem : List.of(
                "models.churn.experiment.salt must be a non-empty string",
                "models.churn.experiment.variants[*].weight must sum to 1",
                "models.churn.shadow.share must be between 0 and 1, was 1.5")) {
            assertTrue(message.contains(problem), "expected '" + problem + "' in: " + message);
        }
    }

    @Test
    void aFileThatIsNotJsonIsAnErrorNamingIt() throws IOException {
        Path file = config("{\"models\": ");
        String message = refusal(file, "churn-ab");
        assertTrue(message.startsWith(file + ": router config is not valid JSON: "), message);
    }

    /** The router takes a ramped-down arm; the report cannot expect a share of units for it. */
    @Test
    void aVariantWeightedZeroIsAnErrorNamingTheField() throws IOException {
        Path file = config(ExperimentData.ROUTER_CONFIG
                .replace("\"weight\": 0.52", "\"weight\": 1.0")
                .replace("\"weight\": 0.48", "\"weight\": 0"));
        String message = refusal(file, "churn-ab");
        assertTrue(
                message.startsWith(file + ": models.churn.experiment.variants[1].weight is 0: the report needs"),
                message);
    }
}
