package dev.cairn.functions.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An AWS service's HTTP answer, read whole (the router's answers are small).
 *
 * @param headers header name (any case) to its values
 */
public record AwsResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public AwsResponse {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = copy;
    }

    /** The first value of a header, whatever the case of its name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** True for a 2xx status. */
    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
