package dev.cairn.functions.router;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.router.config.json.StrictJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A prediction request's body, read once with jackson-core's streaming parser: what is forwarded to the endpoint
 * ({@code {"instances": [...]}} re-serialized, numbers as sent) and the body's "unitId". Other fields are skipped.
 *
 * @param forward the body to send to the variant
 * @param unitId the body's "unitId", null when absent
 */
record PredictionRequest(byte[] forward, String unitId) {

    /**
     * Checks the content type and size, then reads the body.
     *
     * @throws Refusal 415 for a content type other than JSON (UTF-8), 413 over {@code maxBytes}, 400 for a body that
     *     is no JSON object with an "instances" array, or beyond {@link StrictJson}'s limits
     */
    static PredictionRequest parse(String contentType, byte[] body, int maxBytes) throws Refusal {
        checkContentType(contentType);
        if (body.length > maxBytes) {
            throw new Refusal(413, "request body is " + body.length + " bytes, over the limit of " + maxBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 16);
        String unitId = null;
        boolean instances = false;
        try (JsonParser p = StrictJson.parser(body);
                JsonGenerator g = StrictJson.FACTORY.createGenerator(out)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new Refusal(
                        400,
                        "body must be a JSON object with an \"instances\" array"
                                + (first == null ? ", was empty" : ", was " + describe(first)));
            }
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "instances" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new Refusal(400, "\"instances\" must be an array, was " + describe(value));
                        }
                        g.writeFieldName("instances");
                        copy(p, g);
                        instances = true;
                    }
                    case "unitId" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw new Refusal(400, "\"unitId\" must be a string, was " + describe(value));
                        }
                        unitId = p.getText();
                    }
                    default -> p.skipChildren(); // other fields are the caller's business, not the model's
                }
            }
            g.writeEndObject();
            if (p.nextToken() != null) {
                throw new Refusal(400, "malformed JSON body: content after the end of the object");
            }
        } catch (JsonProcessingException e) {
            throw new Refusal(400, "malformed JSON body: " + StrictJson.describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory input and output do not fail otherwise
        }
        if (!instances) {
            throw new Refusal(400, "body must have an \"instances\" array");
        }
        return new PredictionRequest(out.toByteArray(), unitId);
    }

    /**
     * Copies the value at the parser's current token, numbers as their exact text (a double round trip would turn
     * 1e400 into Infinity, which is not JSON).
     */
    private static void copy(JsonParser p, JsonGenerator g) throws IOException {
        int depth = 0;
        do {
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT -> {
                    g.writeStartObject();
                    depth++;
                }
                case START_ARRAY -> {
                    g.writeStartArray();
                    depth++;
                }
                case END_OBJECT -> {
                    g.writeEndObject();
                    depth--;
                }
                case END_ARRAY -> {
                    g.writeEndArray();
                    depth--;
                }
                case FIELD_NAME -> g.writeFieldName(p.currentName());
                case VALUE_STRING -> g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
                case VALUE_TRUE -> g.writeBoolean(true);
                case VALUE_FALSE -> g.writeBoolean(false);
                case VALUE_NULL -> g.writeNull();
                default -> throw new JsonParseException(p, "unexpected token " + t);
            }
        } while (depth > 0 && p.nextToken() != null);
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    private static void checkContentType(String contentType) throws Refusal {
        if (contentType == null) {
            throw new Refusal(415, "Content-Type must be application/json, was not set");
        }
        String[] parts = contentType.split(";");
        boolean json = parts[0].strip().equalsIgnoreCase(PredictionRouter.JSON);
        for (int i = 1; json && i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String cs = p.substring(8).replace("\"", "").strip();
                json = cs.equalsIgnoreCase("utf-8") || cs.equalsIgnoreCase("utf8");
            }
        }
        if (!json) {
            throw new Refusal(415, "Content-Type must be application/json (charset UTF-8), was " + contentType);
        }
    }
}
