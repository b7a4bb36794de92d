package dev.cairn.oracle.cloud;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * EventBridge's event pattern matching for the forms Cairn's rules use: a field matches when its value
 * equals one of the pattern's strings or starts with a {@code {"prefix": ...}}; an object pattern applies
 * to the event's object of that name; every field of the pattern must match. Other content filters are
 * refused, not guessed.
 */
public final class EventPattern {
    private EventPattern() {}

    public static boolean matches(JsonNode pattern, JsonNode event) {
        for (var field : pattern.properties()) {
            JsonNode value = event.path(field.getKey());
            JsonNode expected = field.getValue();
            if (expected.isObject()) {
                if (!value.isObject() || !matches(expected, value)) {
                    return false;
                }
            } else if (!anyOf(expected, value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyOf(JsonNode alternatives, JsonNode value) {
        if (value.isMissingNode()) {
            return false;
        }
        for (JsonNode alternative : alternatives) {
            if (alternative.isTextual() && alternative.asText().equals(value.asText())) {
                return true;
            }
            if (alternative.isObject()) {
                if (alternative.size() != 1 || !alternative.has("prefix")) {
                    throw new IllegalStateException(
                            "the oracle's EventBridge matches strings and {prefix}, not " + alternative);
                }
                if (value.asText().startsWith(alternative.get("prefix").asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
