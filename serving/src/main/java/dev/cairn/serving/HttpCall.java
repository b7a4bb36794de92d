package dev.cairn.serving;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as {@link HttpServer} hands it to a handler: its body already read in full (and within the
 * server's limit), its target already checked to be a valid URI.
 *
 * @param headers in the order received, names as sent
 * @param requestId the id the server logs this request under, to quote in a 500 answer
 */
public record HttpCall(
        String method, URI target, List<Map.Entry<String, String>> headers, byte[] body, String requestId) {
    public HttpCall {
        headers = List.copyOf(headers);
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
