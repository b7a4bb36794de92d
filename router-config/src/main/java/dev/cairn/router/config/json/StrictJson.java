package dev.cairn.router.config.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The one jackson-core {@link JsonFactory} of the router config and the router Lambda (its requests, answers and
 * logs): streaming only (no databind, no reflection), with limits that make hostile input fail fast instead of eating
 * the Lambda's memory or stack.
 *
 * <pre>{@code
 * try (JsonParser p = StrictJson.parser(bytes)) { ... }
 * }</pre>
 */
public final class StrictJson {

    /** Deeper documents are rejected: request bodies and configs are a few levels deep. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Longest string value (chars): the router's whole request body may be 256 KiB. */
    public static final int MAX_STRING_LENGTH = 256 * 1024;

    /** Shared, thread-safe. Field names are not interned: they may come from callers. */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .build())
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    /** Jackson's limits name the setter they come from: "(32, from `StreamReadConstraints.getMaxNestingDepth()`)". */
    private static final Pattern SETTING = Pattern.compile(", from `[^`]*`");

    private StrictJson() {}

    /**
     * What the parser found wrong, fit for the caller who sent the JSON: its message without Jackson's internals
     * (formats' {@code JsonProblem} does the same for the modules above; this module has jackson-core only).
     */
    public static String describe(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "unreadable JSON" : e.getOriginalMessage();
        return SETTING.matcher(message).replaceAll("");
    }

    /** A parser over UTF-8 (or BOM-marked UTF-16/32) bytes that rejects duplicate field names. */
    public static JsonParser parser(byte[] json) throws IOException {
        JsonParser p = FACTORY.createParser(json);
        p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return p;
    }
}
