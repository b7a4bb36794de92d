package dev.cairn.cdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.flow.layout.PathName;
import dev.cairn.formats.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A serving deployment file ({@code cdk synth -c serving=cdk/serving.example.json}): the serving
 * stacks to add, one per deployment. Shape (fields in brackets are optional):
 *
 * <pre>
 * {"project": "demo", "branch": "prod", ["datastorePrefix": "cairn"],
 *  "deployments": [{
 *    "deployment": "countrymodels", ["model": "countrymodels"], ["project"], ["branch"],
 *    "variants": [{"name": "v1",
 *                  "export": "CountryModels/RUN/STEP/TASK", "artifact": "best"   (or "modelDataKey": "cairn-models/.../model.tar.gz"),
 *                  ["branch"], ["weight": 0.5],
 *                  ["instanceType": "ml.m5.large", "instanceCount": 1, "autoscaling": {"min", "max", "invocationsPerInstance"}]
 *                  or ["serverless": {"memoryMb": 2048, "maxConcurrency": 5}]}],
 *    ["shadow": {"variant": "v3", "samplingPercent": 10, ["mode": "router" | "endpoint"], ["timeoutMs": 100]}],
 *    ["experiment": {"name", "salt", ["coverage": 1.0], ["variants": [{"name", "weight"}]], ["previous": {...}]}],
 *    ["defaultVariant": "v1"], ["auth": "iam" (default) | "apiKey" (demos only: a key authorizes nothing)],
 *    ["throttle": {"rateLimit": 50, "burstLimit": 100, "quotaPerDay": 100000}],
 *    ["capturePercent": 100], ["routerMemoryMb": 1024], ["reservedConcurrency": 10]}]}
 * </pre>
 *
 * A variant's weight defaults to 0 for the shadow and to 1 for a lone production variant; with several
 * production variants each states its weight. Unknown fields are errors (a typo never passes silently).
 */
public final class ServingFile {

    private final Path file;

    private ServingFile(Path file) {
        this.file = file;
    }

    /**
     * The serving stacks' props the file describes, for {@code platform}, with the router jar and image
     * every deployment shares. Errors name the file and the field.
     */
    public static List<ServingStack.Props> read(
            Path file, PlatformStack platform, Path routerCode, ServingImage.Props image) {
        return new ServingFile(file).props(platform, routerCode, image);
    }

    private List<ServingStack.Props> props(PlatformStack platform, Path routerCode, ServingImage.Props image) {
        JsonNode root;
        try {
            root = Json.PLAIN.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "serving file " + file + " is not valid JSON: " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " at line " + e.getLocation().getLineNr()),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read serving file " + file, e);
        }
        Node top = new Node(root, "", Set.of("project", "branch", "datastorePrefix", "deployments"));
        List<Node> deployments = top.array(
                "deployments",
                Set.of(
                        "deployment",
                        "model",
                        "project",
                        "branch",
                        "variants",
                        "shadow",
                        "experiment",
                        "defaultVariant",
                        "auth",
                        "throttle",
                        "capturePercent",
                        "routerMemoryMb",
                        "reservedConcurrency"));
        if (deployments.isEmpty()) {
            throw error("deployments", "must list at least one deployment");
        }
        List<ServingStack.Props> out = new ArrayList<>();
        for (Node d : deployments) {
            out.add(deployment(d, top, platform, routerCode, image));
        }
        return out;
    }

    private ServingStack.Props deployment(
            Node d, Node top, PlatformStack platform, Path routerCode, ServingImage.Props image) {
        String project = d.text("project", top.text("project", null));
        if (project == null) {
            throw error(d.path("project"), "is required (here or at the top of the file)");
        }
        String prefix = top.text("datastorePrefix", "cairn");
        String branch = d.text("branch", top.text("branch", null));
        String branchProblem = branch == null ? null : PathName.BRANCH.problem(branch);
        if (branchProblem != null) { // checked even when every variant names its modelDataKey: a typo never passes
            throw error(d.has("branch") ? d.path("branch") : "branch", branchProblem);
        }
        ServingStack.Props.Builder b = ServingStack.Props.builder(platform, project, d.required("deployment"))
                .routerCode(routerCode)
                .image(image)
                .datastorePrefix(prefix);
        Node shadow = d.object("shadow", Set.of("variant", "samplingPercent", "mode", "timeoutMs"));
        String shadowVariant = shadow == null ? null : shadow.required("variant");
        List<Node> variants = d.array(
                "variants",
                Set.of(
                        "name",
                        "export",
                        "artifact",
                        "modelDataKey",
                        "branch",
                        "weight",
                        "instanceType",
                        "instanceCount",
                        "autoscaling",
                        "serverless"));
        long production = variants.stream()
                .filter(v -> !v.required("name").equals(shadowVariant))
                .count();
        for (Node v : variants) {
            String name = v.required("name");
            Double defaultWeight =
                    name.equals(shadowVariant) ? Double.valueOf(0) : production == 1 ? Double.valueOf(1) : null;
            b.variant(variant(v, project, v.text("branch", branch), prefix, defaultWeight));
        }
        if (shadow != null) {
            String mode = shadow.text("mode", "router");
            ServingStack.ShadowMode shadowMode = enumValue(shadow, "mode", mode, ServingStack.ShadowMode.class);
            if (shadowMode == ServingStack.ShadowMode.ENDPOINT && shadow.has("timeoutMs")) {
                throw error(
                        shadow.path("timeoutMs"),
                        "applies to router shadows only: SageMaker calls an endpoint shadow itself; remove it or use"
                                + " \"mode\": \"router\"");
            }
            int timeoutMs = shadow.integer("timeoutMs", ServingStack.Shadow.DEFAULT_TIMEOUT_MS);
            b.shadow(wrap(
                    d.path("shadow"),
                    () -> new ServingStack.Shadow(
                            shadowVariant, shadow.requiredInteger("samplingPercent"), shadowMode, timeoutMs)));
        }
        Node experiment = d.object("experiment", EXPERIMENT_FIELDS);
        if (experiment != null) {
            b.experiment(experiment(experiment, true));
        }
        Node throttle = d.object("throttle", Set.of("rateLimit", "burstLimit", "quotaPerDay"));
        if (throttle != null) {
            PredictionApi.Throttle defaults = PredictionApi.Throttle.DEFAULT;
            b.throttle(wrap(
                    throttle.path,
                    () -> new PredictionApi.Throttle(
                            throttle.number("rateLimit", defaults.rateLimit()),
                            throttle.integer("burstLimit", defaults.burstLimit()),
                            throttle.integer("quotaPerDay", defaults.quotaPerDay()))));
        }
        String auth = d.text("auth", "iam");
        b.model(d.text("model", null))
                .defaultVariant(d.text("defaultVariant", null))
                .auth(
                        auth.equalsIgnoreCase("apiKey")
                                ? PredictionApi.AuthMode.API_KEY
                                : enumValue(d, "auth", auth, PredictionApi.AuthMode.class))
                .capturePercent(d.integer("capturePercent", null))
                .routerMemoryMb(d.integer("routerMemoryMb", 1024))
                .reservedConcurrency(d.integer("reservedConcurrency", null));
        return wrap(d.path, b::build);
    }

    private static final Set<String> EXPERIMENT_FIELDS = Set.of("name", "salt", "coverage", "variants", "previous");

    private Experiment experiment(Node e, boolean withPrevious) {
        Experiment.Builder b =
                Experiment.builder(e.required("name"), e.required("salt")).coverage(e.number("coverage", 1.0));
        for (Node w : e.array("variants", Set.of("name", "weight"))) {
            Double weight = w.number("weight", null);
            if (weight == null) {
                throw error(w.path("weight"), "is required");
            }
            b.weight(w.required("name"), weight);
        }
        Node previous = e.object("previous", withPrevious ? EXPERIMENT_FIELDS : Set.of());
        if (previous != null) {
            b.previous(experiment(previous, false));
        }
        return wrap(e.path, b::build);
    }

    private ModelEndpoint.Variant variant(Node v, String project, String branch, String prefix, Double defaultWeight) {
        String name = v.required("name");
        String key = v.text("modelDataKey", null);
        if (key == null) {
            String export = v.required("export");
            if (branch == null) {
                throw error(
                        v.path("branch"),
                        "is required to find the export of " + export + " (here, in the deployment or at the top)");
            }
            key = wrap(
                    v.path("export"),
                    () -> ModelExport.parse(project, branch, export, v.required("artifact"))
                            .key(prefix));
        } else if (v.has("export") || v.has("artifact")) {
            throw error(v.path("modelDataKey"), "give either modelDataKey or export + artifact, not both");
        }
        Double weight = v.number("weight", defaultWeight);
        if (weight == null) {
            throw error(v.path("weight"), "is required when a deployment has several production variants");
        }
        String finalKey = key;
        return wrap(v.path, () -> {
            ModelEndpoint.Variant.Builder b =
                    ModelEndpoint.Variant.builder(name, finalKey).weight(weight);
            Node serverless = v.object("serverless", Set.of("memoryMb", "maxConcurrency"));
            if (serverless != null) {
                if (v.has("instanceType") || v.has("instanceCount") || v.has("autoscaling")) {
                    throw error(
                            v.path("serverless"),
                            "a serverless variant has no instanceType, instanceCount or autoscaling");
                }
                return b.serverless(serverless.integer("memoryMb", 2048), serverless.integer("maxConcurrency", 5))
                        .build();
            }
            b.instances(v.text("instanceType", "ml.m5.large"), v.integer("instanceCount", 1));
            Node scaling = v.object("autoscaling", Set.of("min", "max", "invocationsPerInstance"));
            if (scaling != null) {
                int count = v.integer("instanceCount", 1);
                b.autoscaling(
                        scaling.integer("min", count),
                        scaling.integer("max", Math.max(4, count)),
                        scaling.number("invocationsPerInstance", 100.0));
            }
            return b.build();
        });
    }

    private <E extends Enum<E>> E enumValue(Node n, String field, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            Set<String> allowed = new TreeSet<>();
            for (E c : type.getEnumConstants()) {
                allowed.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw error(
                    n.path(field),
                    "must be one of " + allowed + (type == PredictionApi.AuthMode.class ? " (apiKey for API_KEY)" : "")
                            + ", got " + value);
        }
    }

    private <T> T wrap(String path, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("serving file ")) {
                throw e;
            }
            throw error(path, e.getMessage());
        }
    }

    private IllegalArgumentException error(String path, String problem) {
        return new IllegalArgumentException(
                "serving file " + file + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    /** A JSON object at a path, read with type checks and no unknown fields. */
    private final class Node {
        final JsonNode json;
        final String path;

        Node(JsonNode json, String path, Set<String> fields) {
            if (json == null || !json.isObject()) {
                throw error(path, "must be a JSON object");
            }
            this.json = json;
            this.path = path;
            List<String> unknown = new ArrayList<>();
            json.fieldNames().forEachRemaining(f -> {
                if (!fields.contains(f)) {
                    unknown.add(f);
                }
            });
            if (!unknown.isEmpty()) {
                throw error(path, "unknown field(s) " + unknown + "; allowed: " + new TreeSet<>(fields));
            }
        }

        String path(String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        boolean has(String field) {
            return json.hasNonNull(field);
        }

        String text(String field, String fallback) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isTextual()) {
                throw error(path(field), "must be a string, got " + v);
            }
            return v.asText();
        }

        String required(String field) {
            String v = text(field, null);
            if (v == null) {
                throw error(path(field), "is required");
            }
            return v;
        }

        Double number(String field, Double fallback) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isNumber()) {
                throw error(path(field), "must be a number, got " + v);
            }
            return v.asDouble();
        }

        Integer integer(String field, Integer fallback) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw error(path(field), "must be an integer, got " + v);
            }
            return v.asInt();
        }

        int requiredInteger(String field) {
            Integer v = integer(field, null);
            if (v == null) {
                throw error(path(field), "is required");
            }
            return v;
        }

        Node object(String field, Set<String> fields) {
            JsonNode v = json.get(field);
            return v == null || v.isNull() ? null : new Node(v, path(field), fields);
        }

        List<Node> array(String field, Set<String> itemFields) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw error(path(field), "must be an array");
            }
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                items.add(new Node(v.get(i), path(field) + "[" + i + "]", itemFields));
            }
            return items;
        }
    }
}
