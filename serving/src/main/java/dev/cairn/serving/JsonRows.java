package dev.cairn.serving;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.formats.Json;
import dev.cairn.formats.JsonProblem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows from a JSON body {@code {"instances": [...]}}: each instance an object of feature name to value, or an
 * array of values in the order of the model's features.
 */
final class JsonRows {
    private static final String SHAPE =
            "send {\"instances\": [{\"feature\": value, ...}, ...]}" + " or {\"instances\": [[value, ...], ...]}";

    private JsonRows() {}

    /** @throws HttpProblem 400 naming the instance when the body is not JSON of that shape */
    static List<Map<String, Object>> parse(byte[] body, List<String> features) throws IOException {
        JsonNode root;
        try {
            root = Json.UNTRUSTED.readTree(body);
        } catch (JacksonException e) {
            throw new HttpProblem(HttpProblem.BAD_REQUEST, "the body is not valid JSON: " + JsonProblem.describe(e));
        }
        JsonNode instances = root == null ? null : root.get("instances");
        if (instances == null || !instances.isArray()) {
            throw new HttpProblem(HttpProblem.BAD_REQUEST, "the body has no \"instances\" array: " + SHAPE);
        }
        List<Map<String, Object>> rows = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            rows.add(row(instances.get(i), i, features));
        }
        return rows;
    }

    private static Map<String, Object> row(JsonNode instance, int index, List<String> features) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (instance.isObject()) {
            instance.properties().forEach(e -> put(row, e.getKey(), e.getValue()));
        } else if (instance.isArray()) {
            if (instance.size() != features.size()) {
                throw new HttpProblem(
                        HttpProblem.BAD_REQUEST,
                        "row " + index + " has " + instance.size() + " values; the model" + " takes " + features.size()
                                + ", in this order: " + features);
            }
            for (int f = 0; f < features.size(); f++) {
                put(row, features.get(f), instance.get(f));
            }
        } else {
            throw new HttpProblem(
                    HttpProblem.BAD_REQUEST,
                    "row " + index + " is " + instance.getNodeType().name().toLowerCase()
                            + ", not an object or an array: " + SHAPE);
        }
        return row;
    }

    /** Scalars as Number, String, Boolean; nested values as maps and lists; JSON null as no value. */
    private static void put(Map<String, Object> row, String feature, JsonNode value) {
        if (value.isNull()) {
            return;
        }
        row.put(
                feature,
                value.isNumber()
                        ? value.numberValue()
                        : value.isTextual()
                                ? value.textValue()
                                : value.isBoolean()
                                        ? (Object) value.booleanValue()
                                        : ServingJson.convert(value, Object.class));
    }
}
