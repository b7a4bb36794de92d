package dev.cairn.runtime.task;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Passes what a task prints on to a console as it prints it, while {@link OutputCapture} keeps it for the task's
 * log: {@code cairn step} echoes into the Batch job's stdout and stderr (CloudWatch), so a long or hung step shows
 * its progress and a job killed for its timeout or memory has already shown what it printed.
 *
 * <p>Whole lines go out as soon as their newline is printed; a line without one (a progress bar, a prompt) once
 * the task has printed nothing more for {@link #PARTIAL_LINE_AFTER}. Writing happens on a thread of its own, so a
 * slow console never holds up the task, and a line is never cut by another stream's output.
 */
public final class LiveEcho implements AutoCloseable {
    /** How long a partial line waits for the rest of it before it is shown anyway. */
    static final Duration PARTIAL_LINE_AFTER = Duration.ofMillis(200);

    private final Stream out;
    private final Stream err;
    private final Thread writer;
    private boolean closed; // guarded by this

    /**
     * @param out where the task's standard output goes; must not itself be captured (the process's stdout)
     * @param err where the task's standard error goes
     */
    public LiveEcho(PrintWriter out, PrintWriter err) {
        this.out = new Stream(out);
        this.err = new Stream(err);
        this.writer = Thread.ofPlatform().daemon().name("cairn-live-echo").unstarted(this::writeAsPrinted);
        writer.start();
    }

    Stream out() {
        return out;
    }

    Stream err() {
        return err;
    }

    /** Writes what is left, a partial line included, and stops the writing thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] restOut;
        byte[] restErr;
        synchronized (this) {
            restOut = out.take(true);
            restErr = err.take(true);
        }
        out.write(restOut);
        err.write(restErr);
    }

    private void writeAsPrinted() {
        OutputCapture.detach(); // this thread's own writes are never a task's, whoever started it
        long idle = PARTIAL_LINE_AFTER.toNanos();
        while (true) {
            byte[] fromOut;
            byte[] fromErr;
            synchronized (this) {
                while (!closed && !out.due(idle) && !err.due(idle)) {
                    long wait = Math.min(out.waitNanos(idle), err.waitNanos(idle));
                    try {
                        if (wait == Long.MAX_VALUE) {
                            wait();
                        } else {
                            wait(Math.max(1, wait / 1_000_000), 0);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return; // close() writes the rest
                }
                fromOut = out.take(false);
                fromErr = err.take(false);
            }
            out.write(fromOut);
            err.write(fromErr);
        }
    }

    /** One stream's bytes not yet shown; its state is guarded by the {@link LiveEcho}. */
    final class Stream {
        private final PrintWriter sink;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private boolean newline;
        private long lastPrinted;

        private Stream(PrintWriter sink) {
            this.sink = sink;
        }

        /** Called on the task's threads for every write. */
        void append(byte[] bytes, int offset, int length) {
            synchronized (LiveEcho.this) {
                pending.write(bytes, offset, length);
                lastPrinted = System.nanoTime();
                for (int i = offset; i < offset + length && !newline; i++) {
                    newline = bytes[i] == '\n';
                }
                LiveEcho.this.notifyAll();
            }
        }

        void append(int b) {
            append(new byte[] {(byte) b}, 0, 1);
        }

        /** Whether there is something to show now: a whole line, or a partial one left alone long enough. */
        private boolean due(long idleNanos) {
            return newline || (pending.size() > 0 && System.nanoTime() - lastPrinted >= idleNanos);
        }

        /** How long until a partial line is due; {@link Long#MAX_VALUE}: nothing pending. */
        private long waitNanos(long idleNanos) {
            return pending.size() == 0 ? Long.MAX_VALUE : Math.max(0, lastPrinted + idleNanos - System.nanoTime());
        }

        /** The bytes to show now: whole lines, or all at the end, or a partial line cut where a character ends. */
        private byte[] take(boolean all) {
            byte[] bytes = pending.toByteArray();
            int end = bytes.length;
            if (!all) {
                int lastNewline = lastIndexOf(bytes, (byte) '\n');
                end = lastNewline >= 0 ? lastNewline + 1 : characterBoundary(bytes);
            }
            pending.reset();
            pending.write(bytes, end, bytes.length - end);
            newline = false;
            return Arrays.copyOf(bytes, end);
        }

        private void write(byte[] bytes) {
            if (bytes.length > 0) {
                sink.print(new String(bytes, StandardCharsets.UTF_8));
                sink.flush();
            }
        }
    }

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The length of {@code bytes} without a UTF-8 character cut at its end. */
    static int characterBoundary(byte[] bytes) {
        int start = bytes.length - 1;
        while (start >= 0 && start > bytes.length - 4 && (bytes[start] & 0xC0) == 0x80) {
            start--; // continuation bytes: find the character's first byte
        }
        if (start < 0) {
            return bytes.length;
        }
        int lead = bytes[start] & 0xFF;
        int length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return start + length <= bytes.length ? bytes.length : start;
    }
}
