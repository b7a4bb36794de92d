package dev.cairn.serving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;

/** The server's JSON: request bodies parsed within limits, answers and errors written. */
final class ServingJson {
    /** Deeper input is refused: rows are flat objects or arrays, so depth only serves to exhaust the stack. */
    static final int MAX_NESTING_DEPTH = 64;
    /** A feature value longer than this is not a feature. */
    static final int MAX_STRING_LENGTH = 1_000_000;

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ServingJson() {}

    /** {@code {"predictions": [...]}}. */
    static byte[] predictions(List<Object> predictions) throws JsonProcessingException {
        return MAPPER.writeValueAsBytes(Map.of("predictions", predictions));
    }

    /** {@code {"error": message}}. */
    static byte[] error(String message) {
        try {
            return MAPPER.writeValueAsBytes(Map.of("error", message == null ? "unknown error" : message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of one string always encodes", e);
        }
    }

    static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }
}
