package dev.cairn.functions.aws;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Exposure events as lines of the function's log: each event's JSON line printed on its own to standard output,
 * which Lambda sends to the function's CloudWatch Logs group as one log event. The log group's subscription filter
 * (matching JSON events with an {@code experiment} field, which the router's metric lines have not) ships them to
 * the deployment's Firehose stream, which takes the message of each log event back out and writes it to S3 as the
 * same JSON line: no call on the request path, and nothing to lose when Lambda freezes the environment after the
 * answer.
 *
 * <p>A line that cannot be written (the stream reports an error) fails {@link #record}, so the router counts it as
 * lost ({@code ExposuresLost}) and logs it; it never fails a prediction.
 */
public final class LogLineExposureLog implements ExposureLog {

    private final PrintStream out;

    /** @param out the function's standard output */
    public LogLineExposureLog(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Prints the event's line.
     *
     * @throws UncheckedIOException when the output reports an error (then the line is lost)
     */
    @Override
    public void record(ExposureEvent event) {
        String line = event.toJsonLine();
        // one println per event: the line and its break are written together, never interleaved with another thread's
        out.println(line);
        if (out.checkError()) {
            throw new UncheckedIOException(
                    "writing an exposure line to standard output failed (the function's log)",
                    new java.io.IOException("PrintStream reported an error"));
        }
    }

    @Override
    public void flush() {
        out.flush();
    }
}
