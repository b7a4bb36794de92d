package dev.cairn.formats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Cairn's JSON, configured in one place. Four kinds, by who wrote the text and what it holds:
 *
 * <ul>
 *   <li>{@link #RECORDS}: the datastore's own records (runs, tasks, manifests). A record written by a later
 *       version may carry fields this one does not know: they are ignored, so old readers keep working.
 *   <li>{@link #PLAIN}: plain data both ways, exactly as the reader's type says: artifacts, config files,
 *       state machine definitions, log lines. Unknown fields of a record type are an error.
 *   <li>{@link #ARTIFACTS}: {@link #PLAIN} for the values of flow artifacts, read back as the type the field
 *       declares: {@code java.time} values as ISO-8601 text (zones and offsets kept), {@code Optional} as its value
 *       or null, and a sealed interface's records with their simple name (see {@code SealedRecordTypes}).
 *   <li>{@link #UNTRUSTED}: bodies of requests from the network, with {@link #PLAIN}'s rules and tight limits,
 *       since depth and length only serve there to exhaust the stack or the heap.
 * </ul>
 *
 * All of them refuse text after the JSON value ({@code {"a": 1} junk}), which otherwise parses as {@code {"a":
 * 1}} and hides a truncated or concatenated file.
 */
public final class Json {
    /** Request bodies deeper than this are refused: rows are flat objects or arrays. */
    public static final int UNTRUSTED_MAX_DEPTH = 64;
    /** A string value longer than this in a request is not a feature. */
    public static final int UNTRUSTED_MAX_STRING_LENGTH = 1_000_000;

    public static final ObjectMapper RECORDS = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    public static final ObjectMapper PLAIN = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public static final ObjectMapper ARTIFACTS = JsonMapper.builder()
            .annotationIntrospector(new SealedRecordTypes())
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public static final ObjectMapper UNTRUSTED = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(UNTRUSTED_MAX_DEPTH)
                            .maxStringLength(UNTRUSTED_MAX_STRING_LENGTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}
}
