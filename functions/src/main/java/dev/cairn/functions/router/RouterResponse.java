package dev.cairn.functions.router;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The router's answer to one prediction request: status, headers and body, ready for any HTTP front end. */
public record RouterResponse(int status, Map<String, String> headers, byte[] body) {

    public RouterResponse {
        headers = Map.copyOf(headers);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
