package dev.cairn.oracle.cloud;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What a Batch stand-in answers Step Functions' {@code submitJob.sync}, whichever way it ran the job. */
public final class BatchAnswers {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** AWS Batch's array size range. */
    static final int MIN_ARRAY_SIZE = 2;

    static final int MAX_ARRAY_SIZE = 10_000;

    /** How one array child (index -1: the plain job) ended: its last attempt. */
    public record ChildEnd(int index, int attempts, int exitCode, String stderr) {}

    private BatchAnswers() {}

    /** A task failure as Step Functions reports it: {"error": name, "cause": text}. */
    public static ObjectNode error(String name, String cause) {
        ObjectNode error = F.objectNode();
        error.put("error", name);
        error.put("cause", cause);
        return error;
    }

    /** SubmitJob's refusal of an array size outside 2..10,000; null when the size is allowed (or no array). */
    public static ObjectNode arraySizeRefusal(boolean array, int size, String state) {
        return array && (size < MIN_ARRAY_SIZE || size > MAX_ARRAY_SIZE)
                ? error(
                        "Batch.ClientException",
                        "ArrayProperties.Size " + size + " is outside 2..10000 (state " + state + ")")
                : null;
    }

    /**
     * The job's end: its description when every child succeeded, else States.TaskFailed naming the first failed
     * child, its exit code, attempts and the tail of its stderr.
     */
    public static ObjectNode ended(
            String jobName,
            String jobId,
            String queue,
            String definition,
            String state,
            boolean array,
            List<ChildEnd> children) {
        List<ChildEnd> failed = children.stream().filter(c -> c.exitCode() != 0).toList();
        if (!failed.isEmpty()) {
            ChildEnd first = failed.getFirst();
            return error(
                    "States.TaskFailed",
                    "job " + jobName + " (state " + state + ") failed: "
                            + (array
                                    ? failed.size() + " of " + children.size() + " array children failed; child "
                                            + first.index() + ": "
                                    : "")
                            + "exit code " + first.exitCode() + " after " + first.attempts() + " attempt"
                            + (first.attempts() == 1 ? "" : "s") + "; stderr: " + tail(first.stderr()));
        }
        ObjectNode description = F.objectNode();
        description.put("JobName", jobName);
        description.put("JobId", jobId);
        description.put("JobQueue", queue);
        description.put("JobDefinition", definition);
        description.put("Status", "SUCCEEDED");
        if (array) {
            description
                    .putObject("ArrayProperties")
                    .put("Size", children.size())
                    .putObject("StatusSummary")
                    .put("SUCCEEDED", children.size())
                    .put("FAILED", 0);
        }
        return description;
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() <= 4000 ? t : "..." + t.substring(t.length() - 4000);
    }
}
