package dev.cairn.flow;

/** The error of a task that failed under {@link Catch}: what was thrown, and where. */
public record StepError(String type, String message, String stackTrace) {

    public static StepError of(Throwable error) {
        var trace = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(trace));
        return new StepError(error.getClass().getName(), String.valueOf(error.getMessage()), trace.toString());
    }

    @Override
    public String toString() {
        return type + ": " + message;
    }
}
