package dev.cairn.experiments;

import java.util.ArrayList;
import java.util.List;

/**
 * Lines an input reader skipped because it could not read them: how many, and where the first few are
 * ({@code file:line: what is wrong}), so the user can look at them.
 */
public record MalformedLines(long count, List<String> examples) {
    /** How many lines are named in {@link #examples}. */
    public static final int EXAMPLES = 5;

    public MalformedLines {
        examples = List.copyOf(examples);
    }

    public static MalformedLines none() {
        return new MalformedLines(0, List.of());
    }

    /** Jackson's complaint about a line, without its source location (the report names file and line itself). */
    static String jsonProblem(com.fasterxml.jackson.core.JsonProcessingException e) {
        String message =
                e.getOriginalMessage().lines().findFirst().orElse("").replaceAll("\\s*\\(start marker at .*$", "");
        return message.length() <= 80 ? message : message.substring(0, 79) + "…";
    }

    /** Collects skipped lines while a reader goes through its files. */
    static final class Counter {
        private long count;
        private final List<String> examples = new ArrayList<>();

        void add(String file, long line, String problem) {
            count++;
            if (examples.size() < EXAMPLES) {
                examples.add(file + ":" + line + ": " + problem);
            }
        }

        MalformedLines result() {
            return new MalformedLines(count, examples);
        }
    }
}
