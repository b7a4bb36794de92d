package dev.cairn.serving.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.flow.layout.PathName;
import dev.cairn.formats.Json;
import dev.cairn.router.config.ModelConfig;
import dev.cairn.router.config.RouterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code cairn serve} serves: the router config the Lambda would get (models, experiments, shadows)
 * and, per SageMaker endpoint and variant, the exported model archive that variant runs.
 *
 * <pre>{@code
 * {"router": {"models": {"churn": {"endpoint": "churn", "variants": ["v1", "v2"], "default": "v1",
 *                                  "experiment": {...}}}},
 *  "exports": {"churn": {"v1": "models/v1.tar.gz", "v2": "models/v2.tar.gz"}}}
 * }</pre>
 *
 * @param routerJson the router config, as the Lambda's {@code CAIRN_ROUTER_CONFIG}
 * @param exports    endpoint name -> variant name -> model archive ({@code model.tar.gz} of {@code cairn export-model})
 */
public record ServeConfig(String routerJson, Map<String, Map<String, Path>> exports) {

    public ServeConfig {
        List<String> problems = new ArrayList<>();
        for (var endpoint : exports.entrySet()) {
            checkName("exports key '" + endpoint.getKey() + "'", endpoint.getKey(), "an endpoint", problems);
            for (String variant : endpoint.getValue().keySet()) {
                checkName("exports." + endpoint.getKey() + " key '" + variant + "'", variant, "a variant", problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        exports = Map.copyOf(exports);
        RouterConfig router = RouterConfig.parse(routerJson);
        for (var entry : router.models().entrySet()) {
            String model = entry.getKey();
            ModelConfig m = entry.getValue();
            Map<String, Path> variants = exports.get(m.endpoint());
            for (String variant : m.variants()) {
                if (variants == null || !variants.containsKey(variant)) {
                    problems.add("exports." + m.endpoint() + "." + variant + " is missing: model " + model
                            + " routes to variant " + variant + " of endpoint " + m.endpoint());
                } else if (!Files.isRegularFile(variants.get(variant))) {
                    problems.add(
                            "exports." + m.endpoint() + "." + variant + ": " + variants.get(variant)
                                    + " is not a file (make one with: cairn export-model FLOW/RUN/STEP/TASK ARTIFACT --out FILE)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
    }

    private static void checkName(String where, String name, String what, List<String> problems) {
        if (!PathName.FOLDER.accepts(name)) { // endpoint and variant names name the folders models go to
            problems.add(where + " cannot be " + what + " name: use 1..128 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit (it names a folder, so no path such as '/' or '..')");
        }
    }

    /** Reads a serve file; archive paths are relative to the file's folder. */
    public static ServeConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a file: give the serve config (router + exports)");
        }
        JsonNode root;
        try {
            root = Json.PLAIN.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            // the parser's own message, without Jackson's source and reference-chain internals
            throw new IllegalArgumentException(
                    file + " is not JSON: " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ", column "
                                            + e.getLocation().getColumnNr() + ")"),
                    e);
        }
        if (root == null
                || !root.path("router").isObject()
                || !root.path("exports").isObject()) {
            throw new IllegalArgumentException(file + " must be an object with \"router\" (the router config) and "
                    + "\"exports\" ({endpoint: {variant: archive}})");
        }
        Path base = file.toAbsolutePath().getParent();
        Map<String, Map<String, Path>> exports = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> endpoint : root.get("exports").properties()) {
            Map<String, Path> variants = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> variant : endpoint.getValue().properties()) {
                if (!variant.getValue().isTextual()) {
                    throw new IllegalArgumentException(file + ": exports." + endpoint.getKey() + "." + variant.getKey()
                            + " must be the path of a model archive");
                }
                variants.put(variant.getKey(), base.resolve(variant.getValue().asText()));
            }
            exports.put(endpoint.getKey(), variants);
        }
        try {
            return new ServeConfig(root.get("router").toString(), exports);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code NAME=ARCHIVE[,ARCHIVE...]}: one model per spec on an endpoint of the same name; one archive is
     * served alone as variant v1, several become variants v1, v2, ... of an experiment named after the model
     * with equal weights (salt = the model's name).
     */
    public static ServeConfig ofModels(List<String> specs) {
        ObjectNode models = Json.PLAIN.createObjectNode();
        Map<String, Map<String, Path>> exports = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException(
                        "--model " + spec + ": give NAME=ARCHIVE[,ARCHIVE...], e.g. churn=v1.tar.gz");
            }
            String name = spec.substring(0, eq);
            String[] archives = spec.substring(eq + 1).split(",");
            ObjectNode model = models.putObject(name).put("endpoint", name).put("default", "v1");
            ArrayNode variants = model.putArray("variants");
            Map<String, Path> paths = new LinkedHashMap<>();
            for (int i = 0; i < archives.length; i++) {
                variants.add("v" + (i + 1));
                paths.put("v" + (i + 1), Path.of(archives[i]).toAbsolutePath());
            }
            if (archives.length > 1) {
                ObjectNode experiment = model.putObject("experiment")
                        .put("name", name)
                        .put("salt", name)
                        .put("coverage", 1.0);
                ArrayNode arms = experiment.putArray("variants");
                paths.keySet().forEach(v -> arms.addObject().put("name", v).put("weight", 1.0 / archives.length));
            }
            exports.put(name, paths);
        }
        ObjectNode router = Json.PLAIN.createObjectNode();
        router.set("models", models);
        return new ServeConfig(router.toString(), exports);
    }

    /** Models and the variants each routes to, for the start banner. */
    public Map<String, ModelConfig> models() {
        return RouterConfig.parse(routerJson).models();
    }
}
