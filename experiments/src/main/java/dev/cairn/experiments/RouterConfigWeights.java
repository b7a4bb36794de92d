package dev.cairn.experiments;

import dev.cairn.router.config.ExperimentConfig;
import dev.cairn.router.config.RouterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment's variant weights, in config order, from the router config, so a report checks the sample ratio
 * against the weights the router really used and takes the config's first variant as the control. The file is parsed
 * by {@link RouterConfig#parse}, as the router Lambda parses it: a config the router would refuse is refused here too.
 *
 * <pre>{@code
 * Map<String, Double> weights = RouterConfigWeights.read(Path.of("router.json"), "churn-ab");
 * }</pre>
 */
public final class RouterConfigWeights {

    private RouterConfigWeights() {}

    /**
     * @throws IllegalArgumentException naming the file when it is not a valid router config (with every problem), has
     *     no experiment of that name, or gives a variant of it no weight
     * @throws IOException when the file cannot be read
     */
    public static Map<String, Double> read(Path file, String experiment) throws IOException {
        RouterConfig config;
        try {
            config = RouterConfig.parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>();
        for (var model : config.models().entrySet()) {
            ExperimentConfig candidate = model.getValue().experiment();
            if (candidate != null && candidate.name().equals(experiment)) {
                return weights(file, model.getKey(), candidate);
            }
            if (candidate != null) {
                names.add(candidate.name());
            }
        }
        throw new IllegalArgumentException(file + " has no experiment " + experiment
                + (names.isEmpty() ? " (it has no experiments)" : " (it has " + String.join(", ", names) + ")"));
    }

    /**
     * The router takes a weight of 0 (an arm ramped down), the report does not: its sample-ratio check needs every
     * variant's expected share of units.
     */
    private static Map<String, Double> weights(Path file, String model, ExperimentConfig experiment) {
        Map<String, Double> weights = new LinkedHashMap<>();
        List<ExperimentConfig.Variant> variants = experiment.variants();
        for (int i = 0; i < variants.size(); i++) {
            ExperimentConfig.Variant variant = variants.get(i);
            if (!(variant.weight() > 0)) {
                throw new IllegalArgumentException(file + ": models." + model + ".experiment.variants[" + i
                        + "].weight is 0: the report needs a positive weight for every variant (the sample-ratio"
                        + " check expects each one's share of units); give --weights for the variants to compare");
            }
            weights.put(variant.name(), variant.weight());
        }
        return weights;
    }
}
