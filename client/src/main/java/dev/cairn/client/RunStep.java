package dev.cairn.client;

import dev.cairn.datastore.TaskRecord;
import dev.cairn.flow.layout.PathName;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a run: its tasks (one, or one per foreach item). Its tasks are read once, on first
 * use.
 *
 * <pre>{@code
 * RunStep train = run.step("train");
 * System.out.println(train.succeeded() + " of " + train.tasks().size() + " in " + train.wallTime());
 * Task first = train.task("0-0");
 * Task end = run.step("end").task();   // a step outside any foreach has exactly one task
 * }</pre>
 */
public final class RunStep {
    private final Run run;
    private final String name;
    private volatile List<Task> tasks;

    RunStep(Run run, String name) {
        this.run = run;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** {@code Flow/run/step}. */
    public String pathspec() {
        return run.pathspec() + "/" + name;
    }

    public Run run() {
        return run;
    }

    /** The latest attempt of each task, in task order ({@code 0-2} before {@code 0-10}). */
    public List<Task> tasks() {
        List<Task> loaded = tasks;
        if (loaded == null) {
            FlowRuns flow = run.flowRuns();
            loaded = StoreRead.unchecked(() -> flow.datastore().latestTasks(run.id(), name)).stream()
                    .map(r -> new Task(flow, r))
                    .toList();
            tasks = loaded;
        }
        return loaded;
    }

    /**
     * The latest attempt of task {@code id} ({@code 0}, or {@code 0-3} for item 3 of a foreach).
     *
     * @throws NotFoundException listing the step's first task ids
     */
    public Task task(String id) {
        FlowRuns flow = run.flowRuns();
        boolean wellFormed = PathName.TASK.accepts(id);
        Optional<TaskRecord> record = wellFormed
                ? StoreRead.unchecked(() -> flow.datastore().latestTask(run.id(), name, id))
                : Optional.empty();
        return record.map(r -> new Task(flow, r))
                .orElseThrow(() -> new NotFoundException(
                        "step " + pathspec() + " has no task " + id + "; its tasks are " + ids(10)));
    }

    /**
     * The step's only task.
     *
     * @throws IllegalStateException when the step has several (a foreach): use {@link #task(String)}
     */
    public Task task() {
        List<Task> all = tasks();
        if (all.size() != 1) {
            throw new IllegalStateException(
                    "step " + pathspec() + " has " + all.size() + " tasks; name one of " + ids(10));
        }
        return all.get(0);
    }

    /** How many tasks succeeded (in their latest attempt). */
    public int succeeded() {
        return (int) tasks().stream().filter(Task::succeeded).count();
    }

    /** How many tasks failed (in their latest attempt). */
    public int failed() {
        return tasks().size() - succeeded();
    }

    /** When its first task started. */
    public Optional<Instant> startedAt() {
        return tasks().stream().map(Task::startedAt).filter(Objects::nonNull).min(Comparator.naturalOrder());
    }

    /** When its last task ended. */
    public Optional<Instant> finishedAt() {
        return tasks().stream().map(Task::finishedAt).filter(Objects::nonNull).max(Comparator.naturalOrder());
    }

    /** From the first task's start to the last one's end. */
    public Duration wallTime() {
        return startedAt().isEmpty() || finishedAt().isEmpty()
                ? Duration.ZERO
                : Duration.between(startedAt().get(), finishedAt().get());
    }

    private String ids(int limit) {
        List<String> all = StoreRead.unchecked(() -> run.flowRuns().datastore().taskIds(run.id(), name));
        String shown = all.stream().limit(limit).toList().toString();
        return all.size() > limit
                ? shown.substring(0, shown.length() - 1) + ", ... (" + all.size() + " in all)]"
                : shown;
    }

    @Override
    public String toString() {
        return pathspec();
    }
}
