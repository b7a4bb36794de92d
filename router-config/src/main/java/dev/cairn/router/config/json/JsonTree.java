package dev.cairn.router.config.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a small JSON document (a config, an AWS answer) into plain values: {@code Map<String, Object>} (in field
 * order), {@code List<Object>}, {@code String}, {@code Number}, {@code Boolean} and {@code null}. Streaming
 * jackson-core underneath, so the limits of {@link StrictJson} apply.
 */
public final class JsonTree {

    private JsonTree() {}

    /** The document's value; {@link JsonParseException} for malformed JSON or trailing content. */
    public static Object read(String json) throws IOException {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The document's value; {@link JsonParseException} for malformed JSON or trailing content. */
    public static Object read(byte[] json) throws IOException {
        try (JsonParser p = StrictJson.parser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new JsonParseException(p, "empty document");
            }
            Object value = value(p);
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "trailing content after the JSON value");
            }
            return value;
        }
    }

    /** The value at the parser's current token; the parser ends on the value's last token. */
    public static Object value(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, value(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new JsonParseException(p, "unexpected token " + p.currentToken());
        }
    }
}
