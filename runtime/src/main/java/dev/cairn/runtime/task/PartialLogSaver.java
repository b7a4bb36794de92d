package dev.cairn.runtime.task;

import dev.cairn.datastore.FlowDatastore;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Saves what a task running in a job has printed so far to the datastore, every {@link #EVERY_ENV} seconds and only
 * when it grew, so that a job killed for its timeout or memory before the attempt's record is written still leaves
 * its log there ({@code cairn logs} shows it for an attempt without a record). The record, once written, holds the
 * whole log. A save that fails is tried again at the next tick: it never fails the task.
 */
final class PartialLogSaver implements AutoCloseable {
    /** Seconds between saves (fractions allowed); 0 saves nothing. */
    static final String EVERY_ENV = "CAIRN_PARTIAL_LOG_SECONDS";

    static final Duration DEFAULT_EVERY = Duration.ofSeconds(10);

    private final FlowDatastore datastore;
    private final TaskSpec spec;
    private final OutputCapture.Buffers output;
    private final Duration every;
    private final Thread thread;
    private final Object lock = new Object();
    private boolean closed;
    private int savedOut = -1;
    private int savedErr = -1;

    private PartialLogSaver(FlowDatastore datastore, TaskSpec spec, OutputCapture.Buffers output, Duration every) {
        this.datastore = datastore;
        this.spec = spec;
        this.output = output;
        this.every = every;
        // a thread of its own that prints nothing: it is not the task's, whose capture it would otherwise inherit
        this.thread = Thread.ofPlatform()
                .daemon()
                .name("cairn-partial-log-" + spec.step() + "-" + spec.task())
                .inheritInheritableThreadLocals(false)
                .unstarted(this::loop);
    }

    /** Starts saving {@code output} every {@code every}; with a zero interval nothing is ever saved. */
    static PartialLogSaver start(FlowDatastore datastore, TaskSpec spec, OutputCapture.Buffers output, Duration every) {
        PartialLogSaver saver = new PartialLogSaver(datastore, spec, output, every);
        if (!every.isZero()) {
            saver.thread.start();
        }
        return saver;
    }

    /**
     * The interval {@link #EVERY_ENV} asks for, else {@link #DEFAULT_EVERY}.
     *
     * @throws IllegalArgumentException naming the variable when it is not a number of seconds >= 0
     */
    static Duration every(Map<String, String> env) {
        String value = env.get(EVERY_ENV);
        if (value == null || value.isBlank()) {
            return DEFAULT_EVERY;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (!(seconds >= 0) || seconds > 86_400) {
            throw new IllegalArgumentException(
                    EVERY_ENV + " must be the seconds between saves of a running task's log, 0 (never) to 86400,"
                            + " got " + value);
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    private void loop() {
        while (true) {
            synchronized (lock) {
                long until = System.nanoTime() + every.toNanos();
                for (long left = every.toNanos(); !closed && left > 0; left = until - System.nanoTime()) {
                    try {
                        lock.wait(left / 1_000_000, (int) (left % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
            }
            save();
        }
    }

    private void save() {
        try {
            savedOut = saveIfGrown("stdout", output.out(), savedOut);
            savedErr = saveIfGrown("stderr", output.err(), savedErr);
        } catch (IOException | RuntimeException e) {
            // tried again at the next tick; the job's own log (CloudWatch) has every line meanwhile
        }
    }

    /** Saves {@code printed} when its size is not {@code saved}'s; returns the size now saved. */
    private int saveIfGrown(String stream, OutputCapture.Limited printed, int saved) throws IOException {
        int size = printed.size();
        if (size != saved) {
            datastore.writePartialLog(spec.run(), spec.step(), spec.task(), spec.attempt(), stream, printed.bytes());
        }
        return size;
    }

    /** Stops saving; a save under way finishes first. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        if (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
