package dev.cairn.client;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.StepError;
import dev.cairn.flow.layout.PathName;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a flow, as its run record said when it was read.
 *
 * <pre>{@code
 * Run run = cairn.flow("CountryModels").run("latest");
 * if (run.status() == RunStatus.FAILED) {
 *     Task failed = run.failedTask().orElseThrow();
 *     System.err.print(failed.stderr());
 * }
 * run.steps().forEach(step -> System.out.println(step.name() + ": " + step.tasks().size() + " tasks"));
 * }</pre>
 */
public final class Run {
    private final FlowRuns flow;
    private final RunRecord record;
    private final Instant readAt;

    Run(FlowRuns flow, RunRecord record) {
        this.flow = flow;
        this.record = record;
        this.readAt = Instant.now();
    }

    public String id() {
        return record.run();
    }

    /** The flow's name. */
    public String flow() {
        return flow.name();
    }

    public String project() {
        return flow.project();
    }

    /** {@code Flow/run}. */
    public String pathspec() {
        return flow() + "/" + id();
    }

    public RunRecord record() {
        return record;
    }

    /**
     * The status when the record was read: RUNNING while it runs; DIED when its process died without recording
     * an end, so that its lease ran out ({@code cairn resume} finishes it as a new run; {@link #resumedBy} lists
     * the runs that did). A cloud run has no lease: its status is the state machine's, never DIED.
     */
    public RunStatus status() {
        return record.statusAt(readAt);
    }

    /** Every parameter's value, defaults included. */
    public Map<String, Object> parameters() {
        return record.parameters() == null ? Map.of() : record.parameters();
    }

    public String codeVersion() {
        return record.codeVersion();
    }

    public Instant startedAt() {
        return record.startedAt();
    }

    /** Empty while the run has not ended. */
    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(record.finishedAt());
    }

    /** Empty while the run has not ended. */
    public Optional<Duration> duration() {
        return finishedAt().map(end -> Duration.between(startedAt(), end));
    }

    /** The run this one resumed, if it is a resumed run. */
    public Optional<String> resumedFrom() {
        return Optional.ofNullable(record.resumedFrom());
    }

    /** The runs that resumed this one, oldest first: each took over what this run had done. */
    public List<String> resumedBy() {
        return StoreRead.unchecked(() -> flow.datastore().resumedBy(id()));
    }

    /** Why the run failed: the failing task's error, or an error of the scheduler itself. */
    public Optional<StepError> error() {
        return Optional.ofNullable(record.error());
    }

    /** The attempt of the task that failed the run, if a task did. */
    public Optional<Task> failedTask() {
        if (record.failedTask() == null) {
            return Optional.empty();
        }
        String[] parts = record.failedTask().split("/");
        return StoreRead.unchecked(
                        () -> flow.datastore().readTask(id(), parts[0], parts[1], Integer.parseInt(parts[2])))
                .map(r -> new Task(flow, r));
    }

    /**
     * What threads several tasks of this local run shared (the common pool of parallel streams) printed to
     * standard output while more than one task ran, so that no one task could be credited with it; "" when
     * nothing. Everything else a task prints is in its own {@link Task#stdout()}.
     */
    public String sharedStdout() {
        return sharedOutput("stdout");
    }

    /** Like {@link #sharedStdout()}, for standard error. */
    public String sharedStderr() {
        return sharedOutput("stderr");
    }

    private String sharedOutput(String stream) {
        return StoreRead.unchecked(() -> flow.datastore().readRunOutput(id(), stream))
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .orElse("");
    }

    /**
     * An attempt of a task that has no record, as its job last saved what it printed while it ran: it is still
     * running, or its job was killed (timeout, memory) before it could write one.
     *
     * @param attempt counted from 1, as everywhere shown
     */
    public record UnfinishedAttempt(String pathspec, int attempt, String stdout, String stderr) {}

    /**
     * The latest attempt of task {@code task} of step {@code step} that saved a log but has no record, if it is later
     * than every attempt with a record: what {@code cairn logs} shows for a task whose job was killed.
     */
    public Optional<UnfinishedAttempt> unfinishedAttempt(String step, String task) {
        if (!PathName.STEP.accepts(step) || !PathName.TASK.accepts(task)) {
            return Optional.empty();
        }
        FlowDatastore datastore = flow.datastore();
        return StoreRead.unchecked(() -> {
            List<Integer> saved = datastore.partialLogAttempts(id(), step, task);
            if (saved.isEmpty()) {
                return Optional.empty();
            }
            int last = saved.getLast();
            if (datastore.attempts(id(), step, task).stream().anyMatch(a -> a >= last)) {
                return Optional.empty();
            }
            return Optional.of(new UnfinishedAttempt(
                    pathspec() + "/" + step + "/" + task,
                    last + 1,
                    partial(datastore, step, task, last, "stdout"),
                    partial(datastore, step, task, last, "stderr")));
        });
    }

    private String partial(FlowDatastore datastore, String step, String task, int attempt, String stream)
            throws java.io.IOException {
        return datastore
                .readPartialLog(id(), step, task, attempt, stream)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .orElse("");
    }

    /** The steps that have task records, in the order they started. */
    public List<RunStep> steps() {
        return StoreRead.unchecked(() -> flow.datastore().steps(id())).stream()
                .map(name -> new RunStep(this, name))
                .filter(step -> !step.tasks().isEmpty())
                .sorted(Comparator.comparing((RunStep step) -> step.startedAt().orElse(Instant.MAX))
                        .thenComparing(RunStep::name))
                .toList();
    }

    /**
     * The step {@code name} of this run.
     *
     * @throws NotFoundException when it has no task records in this run, listing the steps that have
     */
    public RunStep step(String name) {
        List<String> steps = StoreRead.unchecked(() -> flow.datastore().steps(id()));
        if (!steps.contains(name)
                || StoreRead.unchecked(() -> flow.datastore().taskIds(id(), name))
                        .isEmpty()) {
            throw new NotFoundException("run " + pathspec() + " has no step `" + name + "`"
                    + (steps.isEmpty() ? ": no task of it has finished yet" : "; the steps it ran are " + steps));
        }
        return new RunStep(this, name);
    }

    FlowRuns flowRuns() {
        return flow;
    }

    @Override
    public String toString() {
        return pathspec();
    }
}
