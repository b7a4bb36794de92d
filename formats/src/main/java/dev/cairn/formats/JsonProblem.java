package dev.cairn.formats;

import com.fasterxml.jackson.core.JacksonException;
import java.util.regex.Pattern;

/**
 * What a JSON parser found wrong, in words fit for whoever sent the JSON: the parser's message and where, without
 * Jackson's internals (its "Source: ..." and reference chain, or the Java method a limit is set by).
 *
 * <pre>{@code
 * catch (JacksonException e) { throw new IllegalArgumentException("config.json is not JSON: " + JsonProblem.describe(e)); }
 * }</pre>
 */
public final class JsonProblem {
    /** Jackson's limits name the setter they come from: "(1000, from `StreamReadConstraints.getMaxNestingDepth()`)". */
    private static final Pattern SETTING = Pattern.compile(", from `[^`]*`");

    private JsonProblem() {}

    /** "Unexpected character (',' (code 44)): was expecting double-quote to start field name (line 1, column 13)". */
    public static String describe(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "unreadable JSON" : e.getOriginalMessage();
        return SETTING.matcher(message).replaceAll("")
                + (e.getLocation() == null
                        ? ""
                        : " (line " + e.getLocation().getLineNr() + ", column "
                                + e.getLocation().getColumnNr() + ")");
    }
}
