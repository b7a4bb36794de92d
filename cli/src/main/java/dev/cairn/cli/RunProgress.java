package dev.cairn.cli;

import dev.cairn.cards.HumanTime;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.runtime.local.RunListener;
import dev.cairn.runtime.task.TaskSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shows a run as it goes: on a terminal, a live table of tasks done, running and failed per
 * step; when piped, only retries and failures, so the output stays clean. Ends with a summary
 * that says where the results are.
 */
final class RunProgress implements RunListener {
    private static final long REDRAW_MS = 200;

    private final FlowGraph graph;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean live;
    private final Map<String, Counts> steps = new LinkedHashMap<>();
    private volatile RunRecord run;
    private volatile long startedNanos;
    private volatile boolean sharedOutput;
    private Thread painter;
    private int paintedLines;

    private record Counts(AtomicInteger running, AtomicInteger done, AtomicInteger reused, AtomicInteger failed) {
        Counts() {
            this(new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger());
        }
    }

    private RunProgress(FlowGraph graph, PrintWriter out, PrintWriter err, boolean live) {
        this.graph = graph;
        this.out = out;
        this.err = err;
        this.live = live;
        graph.steps().forEach(s -> steps.put(s.name(), new Counts()));
    }

    /** Live on an interactive terminal (not when piped, and not with TERM=dumb). */
    static RunProgress forConsole(FlowGraph graph, PrintWriter out, PrintWriter err) {
        return new RunProgress(graph, out, err, interactive());
    }

    static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null || System.getenv("TERM") == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            // since JDK 22 System.console() exists even when piped; isTerminal() tells the difference
            return (boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public void runStarted(RunRecord run) {
        this.run = run;
        this.startedNanos = System.nanoTime();
        String what = run.resumedFrom() == null ? "Running " : "Resuming " + run.resumedFrom() + " as ";
        out.println(what + graph.name() + "/" + run.run() + " (code " + run.codeVersion() + ")");
        out.flush();
        if (live) {
            painter = Thread.ofPlatform().daemon().name("cairn-progress").start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        paint();
                        Thread.sleep(REDRAW_MS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    @Override
    public void taskStarted(TaskSpec task) {
        steps.get(task.step()).running().incrementAndGet();
    }

    @Override
    public void taskSucceeded(TaskRecord record, boolean reused) {
        Counts c = steps.get(record.step());
        if (reused) {
            c.reused().incrementAndGet();
        } else {
            c.running().decrementAndGet();
        }
        c.done().incrementAndGet();
    }

    @Override
    public void taskRerunInsteadOfReused(TaskRecord earlier, String problem) {
        synchronized (this) {
            clear();
            err.println("rerun    " + earlier.step() + "/" + earlier.task() + " instead of reusing it from "
                    + earlier.run() + ": " + problem);
            err.flush();
        }
    }

    @Override
    public void taskFailed(TaskRecord record, boolean retrying) {
        Counts c = steps.get(record.step());
        c.running().decrementAndGet();
        c.failed().incrementAndGet();
        synchronized (this) {
            clear();
            err.println((retrying ? "retrying " : "failed   ") + record.step() + "/" + record.task() + " (attempt "
                    + record.attemptNumber() + "): " + record.error());
            err.flush();
        }
    }

    @Override
    public void sharedOutputKept(RunRecord run) {
        sharedOutput = true;
    }

    /** Where output of pool threads several tasks shared went, when some did. */
    private void sharedOutputHint(PrintWriter to, String id) {
        if (sharedOutput) {
            to.printf(
                    "  shared:   %s logs %s   (printed by pool threads several tasks shared)%n",
                    CairnCli.command(), id);
        }
    }

    private synchronized void paint() {
        clear();
        StringBuilder table = new StringBuilder();
        table.append(String.format(
                "  %-24s %8s %8s %7s   %s%n",
                "step",
                "done",
                "running",
                "failed",
                HumanTime.seconds(Duration.ofNanos(System.nanoTime() - startedNanos))));
        for (Map.Entry<String, Counts> e : steps.entrySet()) {
            Counts c = e.getValue();
            table.append(String.format(
                    "  %-24s %8d %8d %7d%s%n",
                    e.getKey(),
                    c.done().get(),
                    c.running().get(),
                    c.failed().get(),
                    c.reused().get() > 0 ? "   (" + c.reused().get() + " reused)" : ""));
        }
        out.print(table);
        out.flush();
        paintedLines = steps.size() + 1;
    }

    private void clear() {
        if (live && paintedLines > 0) {
            out.print("\033[" + paintedLines + "A\033[J");
            out.flush();
            paintedLines = 0;
        }
    }

    /** Prints how the run ended and where its results are; returns the command's exit code. */
    int report(RunRecord finished, String location, java.util.function.Supplier<String> card)
            throws InterruptedException {
        if (painter != null) {
            painter.interrupt();
            painter.join();
            paint();
        }
        long tasks = steps.values().stream().mapToLong(c -> c.done().get()).sum();
        String id = graph.name() + "/" + finished.run();
        Duration took = Duration.between(finished.startedAt(), finished.finishedAt());
        if (finished.status() == RunStatus.SUCCEEDED) {
            out.printf("Run %s succeeded in %s: %d tasks.%n", id, HumanTime.seconds(took), tasks);
            out.printf("  results:  %s show %s/%s%n", CairnCli.command(), id, lastStep());
            out.printf("  data:     %s%n", location);
            sharedOutputHint(out, id);
            out.printf("  card:     %s%n", card.get());
            out.flush();
            return 0;
        }
        err.printf("Run %s failed after %s%n", id, HumanTime.seconds(took));
        if (finished.failedTask() != null) {
            String[] parts = finished.failedTask().split("/");
            err.printf(
                    "  step %s, task %s, attempt %s: %s%n",
                    parts[0], parts[1], Integer.parseInt(parts[2]) + 1, finished.error());
            err.printf("  logs:     %s logs %s/%s/%s%n", CairnCli.command(), id, parts[0], parts[1]);
        } else if (finished.error() != null) {
            err.printf("  %s%n", finished.error());
        }
        sharedOutputHint(err, id);
        String failedStep =
                finished.failedTask() == null ? null : finished.failedTask().split("/")[0];
        ResumeHint.lines(graph, id, failedStep).forEach(err::println);
        err.printf("  card:     %s%n", card.get());
        err.flush();
        return CairnCli.RUN_FAILED;
    }

    private String lastStep() {
        String last = FlowGraph.END;
        for (StepNode node : graph.steps()) {
            last = node.name();
        }
        return last;
    }
}
