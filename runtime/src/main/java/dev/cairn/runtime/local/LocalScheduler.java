package dev.cairn.runtime.local;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskIds;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.flow.internal.graph.Transition;
import dev.cairn.runtime.task.OutputCapture;
import dev.cairn.runtime.task.TaskRunner;
import dev.cairn.runtime.task.TaskSpec;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a flow's tasks in this JVM, at most {@code maxWorkers} at once, as soon as their inputs
 * are committed. After a task fails for good no new task starts; running ones finish, so
 * {@code resume} can reuse them.
 */
public final class LocalScheduler {
    private final FlowGraph graph;
    private final FlowDatastore datastore;
    private final TaskRunner runner;
    private final int maxWorkers;
    private final RunListener listener;

    public LocalScheduler(
            FlowGraph graph, FlowDatastore datastore, TaskRunner runner, int maxWorkers, RunListener listener) {
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("--max-workers must be at least 1, got " + maxWorkers);
        }
        this.graph = graph;
        this.datastore = datastore;
        this.runner = runner;
        this.maxWorkers = maxWorkers;
        this.listener = listener;
    }

    /**
     * Runs the run whose record {@code lease} holds to the end, and records how it ended through the lease.
     *
     * @param reusable successful tasks of an earlier run, by {@code step/task}, to take over instead of running; one
     *                 whose blobs are damaged or missing runs again instead
     */
    public RunRecord execute(RunLease lease, Map<String, TaskRecord> reusable) throws InterruptedException {
        RunRecord run = lease.record();
        Execution execution = new Execution(run.run(), new ReusableTasks(reusable, datastore.blobs()));
        OutputCapture.Buffers shared;
        try (OutputCapture.RunOutput output = OutputCapture.openRun(run.run())) {
            listener.runStarted(run);
            execution.submit(FlowGraph.START, TaskIds.ROOT, 0);
            execution.await();
            shared = output.buffers();
        }
        TaskRecord failed = execution.failure.get();
        RunRecord finished;
        if (execution.error.get() != null) {
            Throwable e = execution.error.get();
            TaskSpec task = execution.errorTask.get();
            finished = run.finished(
                    RunStatus.FAILED,
                    Instant.now(),
                    task == null ? null : task.step() + "/" + task.task() + "/" + task.attempt(),
                    dev.cairn.flow.StepError.of(e));
        } else if (failed != null) {
            finished = run.finished(RunStatus.FAILED, Instant.now(), failed.pathspec(), failed.error());
        } else {
            finished = run.finished(RunStatus.SUCCEEDED, Instant.now(), null, null);
        }
        try {
            lease.end(finished);
        } catch (java.io.IOException e) {
            // one line for the user: the run, the task, what went wrong and what to do, never a stack trace
            throw new java.io.UncheckedIOException(
                    "run " + graph.name() + "/" + run.run() + " "
                            + finished.status().name().toLowerCase(java.util.Locale.ROOT)
                            + (finished.failedTask() == null ? "" : " in " + shown(finished.failedTask()))
                            + (finished.error() == null
                                    ? ""
                                    : ": " + oneLine(finished.error().toString()))
                            + "; its end cannot be recorded either (" + oneLine(e.getMessage()) + " in "
                            + datastore.location() + "), so it will show as DIED. Free some space, then: "
                            + dev.cairn.flow.internal.CairnCommand.hint("resume " + graph.name() + "/" + run.run()),
                    e);
        }
        keep(run, shared);
        listener.runFinished(finished);
        return finished;
    }

    /** {@code step `train`, task 0-3 (attempt 2)} for a stored {@code train/0-3/1}: attempts as people count them. */
    private static String shown(String pathspec) {
        String[] parts = pathspec.split("/");
        return "step `" + parts[0] + "`, task " + parts[1] + " (attempt " + (Integer.parseInt(parts[2]) + 1) + ")";
    }

    private static String oneLine(String text) {
        return String.valueOf(text).lines().findFirst().orElse("").strip();
    }

    /** Stores the run's shared log, output of pool threads no one task could be credited with. */
    private void keep(RunRecord run, OutputCapture.Buffers shared) {
        if (shared.isEmpty()) {
            return;
        }
        try {
            datastore.writeRunOutput(
                    run.run(), shared.out().bytes(), shared.err().bytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot store the shared log of run " + run.run(), e);
        }
        listener.sharedOutputKept(run);
    }

    private final class Execution {
        final String run;
        final ReusableTasks reusable;
        final ExecutorService workers = Executors.newFixedThreadPool(
                maxWorkers,
                Thread.ofPlatform().daemon().name("cairn-worker-", 1).factory());
        final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("cairn-retry").factory());
        final AtomicInteger outstanding = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicReference<TaskRecord> failure = new AtomicReference<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        /** The task whose record could not be written (a full disk): the run's failed task. */
        final AtomicReference<TaskSpec> errorTask = new AtomicReference<>();

        final Map<String, Integer> foreachSizes = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> joinsWaiting = new ConcurrentHashMap<>();

        Execution(String run, ReusableTasks reusable) {
            this.run = run;
            this.reusable = reusable;
        }

        void submit(String step, String task, int attempt) {
            outstanding.incrementAndGet();
            workers.execute(() -> runTask(new TaskSpec(run, step, task, attempt)));
        }

        void await() throws InterruptedException {
            try {
                done.await();
            } finally {
                workers.shutdownNow();
                retries.shutdownNow();
            }
        }

        private void runTask(TaskSpec spec) {
            try {
                if (failure.get() != null || error.get() != null) {
                    return;
                }
                Optional<ReusableTasks.Reuse> reuse =
                        spec.attempt() == 0 ? reusable.find(spec.step(), spec.task()) : Optional.empty();
                if (reuse.isPresent() && reuse.get().problem().isEmpty()) {
                    TaskRecord clone = reuse.get().earlier().cloneInto(run);
                    datastore.writeTask(clone);
                    listener.taskSucceeded(clone, true);
                    scheduleChildren(clone);
                    return;
                }
                // a damaged or missing blob is never handed on: the task runs again, storing its values again
                reuse.ifPresent(r -> listener.taskRerunInsteadOfReused(
                        r.earlier(), r.problem().orElseThrow()));
                listener.taskStarted(spec);
                TaskRecord record = runner.run(spec);
                if (record.succeeded()) {
                    listener.taskSucceeded(record, false);
                    scheduleChildren(record);
                    return;
                }
                StepNode node = graph.step(spec.step());
                boolean retrying = spec.attempt() < node.settings().retry().times() && failure.get() == null;
                listener.taskFailed(record, retrying);
                if (retrying) {
                    outstanding.incrementAndGet();
                    long wait = node.settings()
                            .retry()
                            .backoffBefore(spec.attempt() + 1)
                            .toMillis();
                    retries.schedule(
                            () -> {
                                submit(spec.step(), spec.task(), spec.attempt() + 1);
                                release();
                            },
                            wait,
                            TimeUnit.MILLISECONDS);
                } else {
                    failure.compareAndSet(null, record);
                }
            } catch (Throwable e) {
                if (error.compareAndSet(null, e)) {
                    errorTask.set(spec);
                }
            } finally {
                release();
            }
        }

        /** Ends one unit of outstanding work; the last one ends the run. */
        private void release() {
            if (outstanding.decrementAndGet() == 0) {
                done.countDown();
            }
        }

        private void scheduleChildren(TaskRecord record) {
            Transition transition = graph.step(record.step()).transition();
            switch (transition) {
                case Transition.Foreach foreach -> {
                    foreachSizes.put(record.step() + "/" + record.task(), record.foreachSize());
                    for (int i = 0; i < record.foreachSize(); i++) {
                        next(foreach.next(), TaskIds.child(record.task(), i));
                    }
                }
                case Transition.Branch branch -> branch.next().forEach(step -> next(step, record.task()));
                case Transition.Linear linear -> next(linear.next(), record.task());
                case Transition.End end -> {}
            }
        }

        private void next(String step, String task) {
            StepNode node = graph.step(step);
            if (!node.join()) {
                submit(step, task, 0);
                return;
            }
            boolean closesForeach = graph.step(node.closes()).transition() instanceof Transition.Foreach;
            String joinTask = closesForeach ? TaskIds.parent(task) : task;
            int expected = closesForeach
                    ? foreachSizes.get(node.closes() + "/" + joinTask)
                    : node.parents().size();
            AtomicInteger waiting =
                    joinsWaiting.computeIfAbsent(step + "/" + joinTask, k -> new AtomicInteger(expected));
            if (waiting.decrementAndGet() == 0) {
                joinsWaiting.remove(step + "/" + joinTask);
                submit(step, joinTask, 0);
            }
        }
    }
}
