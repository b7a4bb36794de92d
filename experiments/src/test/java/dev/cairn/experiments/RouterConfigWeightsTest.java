package dev.cairn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void theExperimentsWeightsComeInConfigOrder() throws IOException {
        Path file = Files.writeString(dir.resolve("router.json"), ExperimentData.ROUTER_CONFIG);
        Map<String, Double> weights = RouterConfigWeights.read(file, "churn-ab");
        assertEquals(List.of("v2", "v1"), List.copyOf(weights.keySet()));
        assertEquals(0.52, weights.get("v2"));
    }

    @Test
    void anUnknownExperimentIsAnErrorListingTheKnownOnes() throws IOException {
        Path file = Files.writeString(dir.resolve("router.json"), ExperimentData.ROUTER_CONFIG);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RouterConfigWeights.read(file, "price-ab"));
        assertEquals(file + " has no experiment price-ab (it has churn-ab)", e.getMessage());
    }

    @Test
    void aVariantWithoutWeightIsAnErrorNamingTheField() throws IOException {
        Path file = Files.writeString(
                dir.resolve("router.json"),
                "{\"models\": {\"churn\": {\"experiment\": {\"name\": \"x\", \"variants\": [{\"name\": \"v1\"}]}}}}");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RouterConfigWeights.read(file, "x"));
        assertEquals(
                file
                        + ": models.churn.experiment.variants has an entry without a name and a positive weight, or a variant"
                        + " twice: {\"name\":\"v1\"}",
                e.getMessage());
    }
}
