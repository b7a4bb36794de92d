package dev.cairn.runtime.task;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Function;

/**
 * Routes {@code System.out} and {@code System.err} into the logs of the tasks running in this JVM, so tasks
 * running side by side keep separate logs and nothing they print is lost.
 *
 * <p>Whose output a write is, is told from the thread that writes:
 * <ul>
 *   <li>the thread running a task, and threads it starts (they inherit the capture): that task;
 *   <li>a thread that cannot be told apart by itself: a worker of the common {@link ForkJoinPool} (parallel
 *       streams, {@code CompletableFuture.supplyAsync}), which every task shares and which carries no task,
 *       or a thread an ended task left behind (a pool it created, now used by another task). Its output goes
 *       to the one task running when only one is, as in {@code cairn step} (one task per process); when
 *       several run, to the run's shared log ({@link #openRun}), which {@code cairn logs FLOW/RUN} prints;
 *   <li>any other thread: where it went before.
 * </ul>
 */
public final class OutputCapture {
    static final int MAX_BYTES = 16 << 20; // a task's log beyond 16 MiB is cut: logs are for people

    private static final InheritableThreadLocal<Capture> CURRENT = new InheritableThreadLocal<>();
    // read on every write, changed when a task or run starts or ends: immutable snapshots
    private static volatile List<Capture> open = List.of();
    private static volatile Map<String, Buffers> runs = Map.of();
    private static boolean installed;

    /** What a task or a run printed. */
    public record Buffers(Limited out, Limited err) {
        Buffers() {
            this(new Limited(null), new Limited(null));
        }

        private Buffers(LiveEcho echo) {
            this(new Limited(echo.out()), new Limited(echo.err()));
        }

        /** Whether nothing was printed. */
        public boolean isEmpty() {
            return out.size() == 0 && err.size() == 0;
        }
    }

    /** One task's capture, from {@link #begin} to {@link #end}. */
    public static final class Capture {
        private final Thread home;
        // both dropped when the capture ends: threads the task left behind still hold the capture
        private volatile Buffers buffers;
        private volatile Buffers shared;

        private Capture(Buffers buffers, Thread home, Buffers shared) {
            this.buffers = buffers;
            this.home = home;
            this.shared = shared;
        }

        /** Where the task's output goes: keep them, the capture lets go of them when it ends. */
        public Buffers buffers() {
            Buffers b = buffers;
            if (b == null) {
                throw new IllegalStateException("the capture has ended");
            }
            return b;
        }

        /** Stops capturing for the task (again is a no-op); the buffers then hold all it printed. */
        public void end() {
            OutputCapture.end(this);
        }
    }

    /** The shared log of a local run, from {@link #openRun} to {@link #close}. */
    public static final class RunOutput implements AutoCloseable {
        private final String run;
        private final Buffers buffers = new Buffers();

        private RunOutput(String run) {
            this.run = run;
        }

        /** What threads shared by several tasks printed, credited to none of them. */
        public Buffers buffers() {
            return buffers;
        }

        @Override
        public void close() {
            synchronized (OutputCapture.class) {
                Map<String, Buffers> now = new HashMap<>(runs);
                now.remove(run, buffers);
                runs = Map.copyOf(now);
            }
        }
    }

    private OutputCapture() {}

    public static synchronized void install() {
        if (!installed) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            System.setOut(routing(out, Buffers::out));
            System.setErr(routing(err, Buffers::err));
            installed = true;
        }
    }

    /**
     * Opens the shared log of a local run: while it is open, output of shared threads that several of the run's
     * tasks may be using goes there. Close it when the run ends, then store its buffers.
     */
    public static RunOutput openRun(String run) {
        install();
        RunOutput output = new RunOutput(run);
        synchronized (OutputCapture.class) {
            Map<String, Buffers> now = new HashMap<>(runs);
            now.put(run, output.buffers);
            runs = Map.copyOf(now);
        }
        return output;
    }

    /** Starts capturing for a task of {@code run} running on the current thread; {@link Capture#end} it. */
    public static Capture begin(String run) {
        return begin(run, null);
    }

    /**
     * {@link #begin(String)}, also passing what the task prints on to {@code echo} as it prints it (null: kept
     * only).
     */
    public static Capture begin(String run, LiveEcho echo) {
        install();
        Capture capture =
                new Capture(echo == null ? new Buffers() : new Buffers(echo), Thread.currentThread(), runs.get(run));
        synchronized (OutputCapture.class) {
            List<Capture> now = new ArrayList<>(open);
            now.add(capture);
            open = List.copyOf(now);
        }
        CURRENT.set(capture);
        return capture;
    }

    private static void end(Capture capture) {
        if (capture.buffers == null) {
            return;
        }
        System.out.flush();
        System.err.flush();
        synchronized (OutputCapture.class) {
            List<Capture> now = new ArrayList<>(open);
            now.remove(capture);
            open = List.copyOf(now);
            capture.buffers = null;
            capture.shared = null;
        }
        if (Thread.currentThread() == capture.home) {
            CURRENT.remove();
        }
    }

    /** Makes the current thread print where it did before capturing, whichever task's thread started it. */
    static void detach() {
        CURRENT.remove();
    }

    /** The buffers the current thread's output goes to; null: where it went before capturing. */
    static Buffers route() {
        Thread thread = Thread.currentThread();
        Capture own = CURRENT.get();
        boolean pooled = commonPoolWorker(thread);
        Buffers owned = own == null ? null : own.buffers;
        if (owned != null && (own.home == thread || !pooled)) {
            return owned;
        }
        if (own == null && !pooled) {
            return null; // a thread no task started
        }
        List<Capture> running = open;
        if (running.isEmpty()) {
            return null;
        }
        if (running.size() == 1) {
            return running.getFirst().buffers;
        }
        Buffers run = running.getFirst().shared;
        for (Capture c : running) {
            if (c.shared != run) {
                return null; // tasks of several runs: no one run's log is the right one
            }
        }
        return run;
    }

    private static boolean commonPoolWorker(Thread thread) {
        return thread instanceof ForkJoinWorkerThread worker && worker.getPool() == ForkJoinPool.commonPool();
    }

    private static PrintStream routing(PrintStream fallback, Function<Buffers, Limited> stream) {
        OutputStream router = new OutputStream() {
            @Override
            public void write(int b) {
                Buffers to = route();
                if (to != null) {
                    stream.apply(to).write(b);
                } else {
                    fallback.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                Buffers to = route();
                if (to != null) {
                    stream.apply(to).write(b, off, len);
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

    /** A buffer that keeps the first {@link #MAX_BYTES} bytes and counts the rest; an echo gets them all. */
    public static final class Limited extends ByteArrayOutputStream {
        private final LiveEcho.Stream echo;
        private long dropped;

        Limited(LiveEcho.Stream echo) {
            this.echo = echo;
        }

        @Override
        public synchronized void write(int b) {
            if (echo != null) {
                echo.append(b);
            }
            if (count < MAX_BYTES) {
                super.write(b);
            } else {
                dropped++;
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (echo != null) {
                echo.append(b, off, len);
            }
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
