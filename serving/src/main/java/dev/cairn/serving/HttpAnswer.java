package dev.cairn.serving;

import java.util.LinkedHashMap;
import java.util.Map;

/** What {@link HttpServer} sends back for one request: a status, headers and a body (none when empty). */
public record HttpAnswer(int status, Map<String, String> headers, byte[] body) {
    public HttpAnswer {
        headers = Map.copyOf(headers);
    }

    /** {@code status} with {@code body} of {@code contentType}. */
    public static HttpAnswer of(int status, String contentType, byte[] body) {
        return new HttpAnswer(status, Map.of("Content-Type", contentType), body);
    }

    /** {@code status} with {@code {"error": message}}. */
    public static HttpAnswer error(int status, String message) {
        return of(status, "application/json", ServingJson.error(message));
    }

    /** This answer with header {@code name} set to {@code value}. */
    public HttpAnswer with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpAnswer(status, more, body);
    }
}
