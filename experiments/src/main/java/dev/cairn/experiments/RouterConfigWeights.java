package dev.cairn.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment's variant weights, in config order, from the router config ({@code {"models": {"churn":
 * {"experiment": {"name": ..., "variants": [{"name": "v1", "weight": 0.5}, ...]}}}}}), so a report checks the sample
 * ratio against the weights the router really used and takes the config's first variant as the control.
 *
 * <pre>{@code
 * Map<String, Double> weights = RouterConfigWeights.read(Path.of("router.json"), "churn-ab");
 * }</pre>
 */
public final class RouterConfigWeights {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RouterConfigWeights() {}

    /**
     * @throws IllegalArgumentException naming the file when it is not a router config or has no experiment of that name
     * @throws IOException when the file cannot be read
     */
    public static Map<String, Double> read(Path file, String experiment) throws IOException {
        JsonNode config;
        try {
            config = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    file + ":" + e.getLocation().getLineNr() + ": not JSON (" + MalformedLines.jsonProblem(e) + ")");
        }
        if (config == null || !config.path("models").isObject()) {
            throw new IllegalArgumentException(file + " is not a router config: it has no \"models\" object");
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> model : config.get("models").properties()) {
            JsonNode candidate = model.getValue().path("experiment");
            if (experiment.equals(candidate.path("name").asText(null))) {
                return weights(file, model.getKey(), candidate);
            }
            if (candidate.hasNonNull("name")) {
                names.add(candidate.get("name").asText());
            }
        }
        throw new IllegalArgumentException(file + " has no experiment " + experiment
                + (names.isEmpty() ? " (it has no experiments)" : " (it has " + String.join(", ", names) + ")"));
    }

    private static Map<String, Double> weights(Path file, String model, JsonNode experiment) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (JsonNode variant : experiment.path("variants")) {
            String name = variant.path("name").asText("");
            JsonNode weight = variant.path("weight");
            if (name.isEmpty()
                    || !weight.isNumber()
                    || !(weight.asDouble() > 0)
                    || weights.put(name, weight.asDouble()) != null) {
                throw new IllegalArgumentException(
                        file + ": models." + model + ".experiment.variants has an entry without a name"
                                + " and a positive weight, or a variant twice: " + variant);
            }
        }
        if (weights.isEmpty()) {
            throw new IllegalArgumentException(file + ": models." + model + ".experiment has no variants");
        }
        return weights;
    }
}
