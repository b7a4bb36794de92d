package dev.cairn.runtime.task;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Routes {@code System.out} and {@code System.err} of the thread running a task (and threads it
 * starts) into that task's buffers, so tasks running side by side in one JVM keep separate logs.
 * Output of other threads goes where it went before.
 */
public final class OutputCapture {
    static final int MAX_BYTES = 16 << 20; // a task's log beyond 16 MiB is cut: logs are for people

    private static final InheritableThreadLocal<Buffers> CURRENT = new InheritableThreadLocal<>();
    private static boolean installed;

    /** What a task printed. */
    public record Buffers(Limited out, Limited err) {}

    private OutputCapture() {}

    public static synchronized void install() {
        if (!installed) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            System.setOut(routing(
                    out, () -> CURRENT.get() == null ? null : CURRENT.get().out()));
            System.setErr(routing(
                    err, () -> CURRENT.get() == null ? null : CURRENT.get().err()));
            installed = true;
        }
    }

    /** Starts capturing for the current thread; pass the result to {@link #end}. */
    public static Buffers begin() {
        install();
        Buffers buffers = new Buffers(new Limited(), new Limited());
        CURRENT.set(buffers);
        return buffers;
    }

    public static void end() {
        System.out.flush();
        System.err.flush();
        CURRENT.remove();
    }

    private static PrintStream routing(PrintStream fallback, Supplier<Limited> target) {
        OutputStream router = new OutputStream() {
            @Override
            public void write(int b) {
                Limited t = target.get();
                if (t != null) {
                    t.write(b);
                } else {
                    fallback.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                Limited t = target.get();
                if (t != null) {
                    t.write(b, off, len);
                } else {
                    fallback.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                fallback.flush();
            }
        };
        return new PrintStream(router, true, StandardCharsets.UTF_8);
    }

    /** A buffer that keeps the first {@link #MAX_BYTES} bytes and counts the rest. */
    public static final class Limited extends ByteArrayOutputStream {
        private long dropped;

        @Override
        public synchronized void write(int b) {
            if (count < MAX_BYTES) {
                super.write(b);
            } else {
                dropped++;
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int keep = Math.max(0, Math.min(len, MAX_BYTES - count));
            super.write(b, off, keep);
            dropped += len - keep;
        }

        /** The captured bytes, with a note when some were cut. */
        public synchronized byte[] bytes() {
            if (dropped == 0) {
                return toByteArray();
            }
            byte[] note = ("\n[cairn: " + dropped + " more bytes were cut]\n").getBytes(StandardCharsets.UTF_8);
            byte[] all = java.util.Arrays.copyOf(buf, count + note.length);
            System.arraycopy(note, 0, all, count, note.length);
            return all;
        }
    }
}
