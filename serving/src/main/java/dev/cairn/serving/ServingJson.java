package dev.cairn.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.formats.Json;
import java.util.List;
import java.util.Map;

/** The server's answers and errors as JSON (request bodies are read as {@link Json#UNTRUSTED}). */
final class ServingJson {
    private ServingJson() {}

    /** {@code {"predictions": [...]}}. */
    static byte[] predictions(List<Object> predictions) throws JsonProcessingException {
        return Json.UNTRUSTED.writeValueAsBytes(Map.of("predictions", predictions));
    }

    /** {@code {"error": message}}. */
    static byte[] error(String message) {
        try {
            return Json.UNTRUSTED.writeValueAsBytes(Map.of("error", message == null ? "unknown error" : message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of one string always encodes", e);
        }
    }

    static <T> T convert(Object value, Class<T> type) {
        return Json.UNTRUSTED.convertValue(value, type);
    }
}
