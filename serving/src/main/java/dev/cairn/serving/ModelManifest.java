package dev.cairn.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.formats.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code manifest.json} of a model archive: which artifact of which task the archive holds, and how to
 * decode it.
 *
 * <pre>{@code
 * {"format": 1, "project": "demo", "flow": "CountryModels", "branch": "prod", "run": "20261126-061530-4f2a9c",
 *  "step": "bestPerCountry", "task": "0-0", "artifact": "best",
 *  "valueType": "dev.cairn.examples.countrymodels.TrainedModel", "codec": "json", "sha256": "…",
 *  "codeVersion": "…", "exportedAt": "2026-11-26T09:00:00Z"}
 * }</pre>
 *
 * @param format      {@value #FORMAT}; a reader refuses other formats
 * @param valueType   the artifact's Java class, which implements {@code Predictor} or {@code Predictor.Source}
 * @param codec       the codec that encoded the artifact ({@code json}, {@code bytes}, or a registered one)
 * @param sha256      SHA-256 (hex) of the archive's {@code artifact} entry: the artifact's encoded bytes
 * @param codeVersion the code version recorded by the task that produced the artifact
 */
public record ModelManifest(
        int format,
        String project,
        String flow,
        String branch,
        String run,
        String step,
        String task,
        String artifact,
        String valueType,
        String codec,
        String sha256,
        String codeVersion,
        Instant exportedAt) {
    /** The manifest format this code writes and reads. */
    public static final int FORMAT = 1;

    /** {@code Flow/run/step/task/artifact}: the model, for logs and messages. */
    public String model() {
        return flow + "/" + run + "/" + step + "/" + task + "/" + artifact;
    }

    public byte[] toJson() {
        try {
            return Json.RECORDS.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest of strings always encodes", e);
        }
    }

    /**
     * Reads and checks a manifest.
     *
     * @param source where the bytes come from, for messages ({@code /opt/ml/model/manifest.json})
     * @throws IOException naming {@code source} when the JSON is malformed, of another format, or lacks a field
     */
    public static ModelManifest fromJson(byte[] json, String source) throws IOException {
        ModelManifest manifest;
        try {
            manifest = Json.RECORDS.readValue(json, ModelManifest.class);
        } catch (JsonProcessingException e) {
            throw new IOException(source + " is not a model manifest: " + e.getOriginalMessage(), e);
        }
        if (manifest == null) {
            throw new IOException(source + " is empty: a model manifest is a JSON object");
        }
        if (manifest.format != FORMAT) {
            throw new IOException(source + " has format " + manifest.format + "; this server reads format " + FORMAT
                    + ": export the model again with this version of cairn");
        }
        List<String> missing = new ArrayList<>();
        manifest.requiredFields().forEach((name, value) -> {
            if (value == null || value.isBlank()) {
                missing.add(name);
            }
        });
        if (!missing.isEmpty()) {
            throw new IOException(source + " lacks " + missing + ": export the model again with cairn export-model");
        }
        return manifest;
    }

    private Map<String, String> requiredFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("flow", flow);
        fields.put("run", run);
        fields.put("step", step);
        fields.put("task", task);
        fields.put("artifact", artifact);
        fields.put("valueType", valueType);
        fields.put("codec", codec);
        fields.put("sha256", sha256);
        return fields;
    }
}
