package dev.cairn.router.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.router.config.json.JsonTree;
import dev.cairn.router.config.json.StrictJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The router's models, parsed from JSON (Lambda env CAIRN_ROUTER_CONFIG, or a file for {@code cairn serve}):
 *
 * <pre>{@code
 * {"models": {"churn": {"endpoint": "cairn-demo-churn", "variants": ["v1", "v2", "v3"], "default": "v1",
 *   "experiment": {"name": "churn-ab", "salt": "churn-ab-1", "coverage": 1.0,
 *                  "variants": [{"name": "v1", "weight": 0.5}, {"name": "v2", "weight": 0.5}],
 *                  "previous": { ... }},
 *   "shadow": {"variant": "v3", "share": 0.1, "timeoutMs": 100}}}}
 * }</pre>
 *
 * {@link #parse(String)} reports every problem at once, each naming its field path
 * ({@code models.churn.shadow.share must be between 0 and 1, was 1.5}).
 */
public record RouterConfig(Map<String, ModelConfig> models) {

    /** Model and experiment names appear in URL paths, exposure partitions and file names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final Set<String> TOP_FIELDS = Set.of("models");
    private static final Set<String> MODEL_FIELDS = Set.of("endpoint", "variants", "default", "experiment", "shadow");
    private static final Set<String> EXPERIMENT_FIELDS = Set.of("name", "salt", "coverage", "variants", "previous");
    private static final Set<String> VARIANT_FIELDS = Set.of("name", "weight");
    private static final Set<String> SHADOW_FIELDS = Set.of("variant", "share", "timeoutMs");

    public RouterConfig {
        models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }

    /**
     * Parses and validates a config.
     *
     * @throws IllegalArgumentException naming every problem with its field path
     */
    public static RouterConfig parse(String json) {
        Object tree;
        try {
            tree = JsonTree.read(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "router config is not valid JSON: " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " at line " + e.getLocation().getLineNr() + ", column "
                                            + e.getLocation().getColumnNr()),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = new ArrayList<>();
        Map<String, ModelConfig> models = new LinkedHashMap<>();
        Map<String, Object> top = object(tree, "(config)", TOP_FIELDS, problems);
        if (top != null) {
            Map<String, Object> modelsJson = object(top.get("models"), "models", null, problems);
            if (modelsJson != null && modelsJson.isEmpty()) {
                problems.add("models must name at least 1 model");
            }
            if (modelsJson != null) {
                for (var e : modelsJson.entrySet()) {
                    String path = "models." + e.getKey();
                    if (!NAME.matcher(e.getKey()).matches()) {
                        problems.add(
                                path + ": model name must be 1..128 letters, digits, '.', '_' or '-', starting with a "
                                        + "letter or digit");
                    }
                    ModelConfig m = model(e.getValue(), path, problems);
                    if (m != null) {
                        models.put(e.getKey(), m);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid router config: " + String.join("; ", problems));
        }
        return new RouterConfig(models);
    }

    private static ModelConfig model(Object json, String path, List<String> problems) {
        Map<String, Object> m = object(json, path, MODEL_FIELDS, problems);
        if (m == null) {
            return null;
        }
        int before = problems.size();
        String endpoint = string(m.get("endpoint"), path + ".endpoint", problems);
        List<String> variants = new ArrayList<>();
        if (m.get("variants") instanceof List<?> list && !list.isEmpty()) {
            for (int i = 0; i < list.size(); i++) {
                String v = string(list.get(i), path + ".variants[" + i + "]", problems);
                if (v != null && variants.contains(v)) {
                    problems.add(path + ".variants[" + i + "] '" + v + "' is listed twice");
                } else if (v != null) {
                    variants.add(v);
                }
            }
        } else {
            problems.add(path + ".variants must be a non-empty array of variant names");
        }
        String defaultVariant = string(m.get("default"), path + ".default", problems);
        if (defaultVariant != null && !variants.isEmpty() && !variants.contains(defaultVariant)) {
            problems.add(path + ".default '" + defaultVariant + "' is not one of " + path + ".variants " + variants);
        }
        ExperimentConfig experiment = null;
        ExperimentConfig previous = null;
        if (m.get("experiment") != null) {
            Map<String, Object> e = object(m.get("experiment"), path + ".experiment", EXPERIMENT_FIELDS, problems);
            experiment = experiment(e, path + ".experiment", variants, problems);
            if (e != null && e.get("previous") != null) {
                String prevPath = path + ".experiment.previous";
                Map<String, Object> p = object(e.get("previous"), prevPath, EXPERIMENT_FIELDS, problems);
                if (p != null && p.containsKey("previous")) {
                    problems.add(prevPath + ".previous: only one earlier config is kept; remove the nested one");
                }
                // earlier variants may have been removed since, so they need not be in variants
                previous = experiment(p, prevPath, null, problems);
            }
        }
        ShadowConfig shadow = null;
        if (m.get("shadow") != null) {
            Map<String, Object> s = object(m.get("shadow"), path + ".shadow", SHADOW_FIELDS, problems);
            if (s != null) {
                String variant = string(s.get("variant"), path + ".shadow.variant", problems);
                if (variant != null && !variants.isEmpty() && !variants.contains(variant)) {
                    problems.add(
                            path + ".shadow.variant '" + variant + "' is not one of " + path + ".variants " + variants);
                }
                double share = number(s.get("share"), path + ".shadow.share", problems);
                if (!Double.isNaN(share) && !(share >= 0 && share <= 1)) {
                    problems.add(path + ".shadow.share must be between 0 and 1, was " + share);
                }
                int timeoutMs = ShadowConfig.DEFAULT_TIMEOUT_MS;
                if (s.get("timeoutMs") != null) {
                    double t = number(s.get("timeoutMs"), path + ".shadow.timeoutMs", problems);
                    if (!Double.isNaN(t) && !(t >= 1 && t <= ShadowConfig.MAX_TIMEOUT_MS && t == Math.rint(t))) {
                        problems.add(path + ".shadow.timeoutMs must be a whole number of milliseconds between 1 and "
                                + ShadowConfig.MAX_TIMEOUT_MS + " (API Gateway's limit), was " + s.get("timeoutMs"));
                    } else if (!Double.isNaN(t)) {
                        timeoutMs = (int) t;
                    }
                }
                shadow = new ShadowConfig(variant, share, timeoutMs);
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new ModelConfig(endpoint, variants, defaultVariant, experiment, previous, shadow);
    }

    private static ExperimentConfig experiment(
            Map<String, Object> e, String path, List<String> allowedVariants, List<String> problems) {
        if (e == null) {
            return null;
        }
        String name = string(e.get("name"), path + ".name", problems);
        if (name != null && !NAME.matcher(name).matches()) {
            problems.add(path + ".name '" + name + "' must be 1..128 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit (it names the exposure partition)");
        }
        String salt = string(e.get("salt"), path + ".salt", problems);
        double coverage = e.containsKey("coverage") ? number(e.get("coverage"), path + ".coverage", problems) : 1.0;
        List<ExperimentConfig.Variant> variants = new ArrayList<>();
        if (e.get("variants") instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String vpath = path + ".variants[" + i + "]";
                Map<String, Object> v = object(list.get(i), vpath, VARIANT_FIELDS, problems);
                if (v == null) {
                    continue;
                }
                String vname = string(v.get("name"), vpath + ".name", problems);
                double weight = number(v.get("weight"), vpath + ".weight", problems);
                if (vname != null
                        && allowedVariants != null
                        && !allowedVariants.isEmpty()
                        && !allowedVariants.contains(vname)) {
                    problems.add(vpath + ".name '" + vname + "' is not one of the model's variants " + allowedVariants);
                }
                variants.add(new ExperimentConfig.Variant(vname, Double.isNaN(weight) ? 0 : weight));
            }
        } else {
            problems.add(path + ".variants must be an array of {\"name\", \"weight\"}");
        }
        List<String> own = ExperimentConfig.problems(name, salt, Double.isNaN(coverage) ? 1 : coverage, variants);
        for (String p : own) {
            // a field already reported as missing or mistyped is not reported twice
            String field = path + "." + p.substring(0, p.indexOf(' '));
            if (problems.stream().noneMatch(q -> q.startsWith(field + " "))) {
                problems.add(path + "." + p);
            }
        }
        return own.isEmpty() && name != null && salt != null
                ? new ExperimentConfig(name, salt, coverage, variants)
                : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object json, String path, Set<String> known, List<String> problems) {
        if (!(json instanceof Map<?, ?> map)) {
            problems.add(path + " must be a JSON object" + (json == null ? "" : ", was " + describe(json)));
            return null;
        }
        if (known != null) {
            for (Object key : map.keySet()) {
                if (!known.contains(key)) {
                    problems.add(path + "." + key + " is not a known field (known: " + String.join(", ", sorted(known))
                            + ")");
                }
            }
        }
        return (Map<String, Object>) map;
    }

    private static String string(Object json, String path, List<String> problems) {
        if (json instanceof String s && !s.isBlank()) {
            return s;
        }
        problems.add(path + " must be a non-empty string" + (json == null ? "" : ", was " + describe(json)));
        return null;
    }

    /** The number, or NaN after adding a problem. */
    private static double number(Object json, String path, List<String> problems) {
        if (json instanceof Number n) {
            return n.doubleValue();
        }
        problems.add(path + " must be a number" + (json == null ? "" : ", was " + describe(json)));
        return Double.NaN;
    }

    private static String describe(Object json) {
        if (json instanceof String s) {
            return "\"" + s + "\"";
        }
        return json instanceof Map ? "an object" : json instanceof List ? "an array" : String.valueOf(json);
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        l.sort(null);
        return l;
    }

    /**
     * The experiment's version: first 16 hex digits of the sha256 of its canonical JSON (sorted keys, no spaces,
     * integral numbers without a fraction: {@code {"coverage":1,"name":"churn-ab","salt":"churn-ab-1",
     * "variants":[{"name":"v1","weight":0.5},...]}}). {@code previous} is not part of it.
     */
    public static String configVersion(ExperimentConfig e) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(canonicalJson(e).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
    }

    /** The canonical JSON {@link #configVersion} hashes. */
    public static String canonicalJson(ExperimentConfig e) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = StrictJson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("coverage");
            writeNumber(g, e.coverage());
            g.writeStringField("name", e.name());
            g.writeStringField("salt", e.salt());
            g.writeArrayFieldStart("variants");
            for (ExperimentConfig.Variant v : e.variants()) {
                g.writeStartObject();
                g.writeStringField("name", v.name());
                g.writeFieldName("weight");
                writeNumber(g, v.weight());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    private static void writeNumber(JsonGenerator g, double d) throws IOException {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            g.writeNumber((long) d);
        } else {
            g.writeNumber(d);
        }
    }
}
