package dev.cairn.functions.aws;

/**
 * Where exposure events go: lines of the function's log in the cloud ({@link LogLineExposureLog}), JSON-lines files locally
 * ({@link FileExposureLog}). Implementations never fail the prediction: a lost event is counted and logged.
 */
public interface ExposureLog {

    /** Buffers one event. */
    void record(ExposureEvent event);

    /** Writes what is buffered; called at the end of every invocation. */
    void flush();

    /** Events recorded but never delivered (a failed write or call), counted rather than thrown. */
    default long dropped() {
        return 0;
    }

    /** A log that drops everything (priming, benchmarks, routers without experiments). */
    ExposureLog DISCARD = new ExposureLog() {
        @Override
        public void record(ExposureEvent event) {}

        @Override
        public void flush() {}
    };
}
