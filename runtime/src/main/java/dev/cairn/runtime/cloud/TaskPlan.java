package dev.cairn.runtime.cloud;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.TaskIds;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.flow.internal.graph.Transition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The task ids of a step in a run, derived from the records of the steps before it exactly as the
 * local scheduler derives them:
 * <ul>
 *   <li>{@code start}: {@code ["0"]};</li>
 *   <li>a step whose parent P fans out with foreach: {@code t-0 .. t-(n-1)} for each task t of P,
 *       n being the {@code foreachSize} of t's successful record;</li>
 *   <li>a linear or branch child of P: P's task ids;</li>
 *   <li>a join closing a foreach opened at S: S's task ids;</li>
 *   <li>a join closing a branch: its first parent's task ids.</li>
 * </ul>
 * A parent's plan file ({@code _plans/P.json}), when the run has one, stands for its task ids, so
 * a plan reads at most the records of its foreach parent's tasks.
 */
public final class TaskPlan {
    /**
     * Children per Batch array job at most: AWS Batch caps an array job at 10,000 children, so a step of
     * more than 10,000 children runs as several array jobs, one per chunk.
     */
    public static final int MAX_ARRAY_SIZE = 10_000;

    private TaskPlan() {}

    /**
     * @throws IllegalStateException when a task this plan depends on has no successful record
     */
    public static List<String> of(FlowGraph graph, FlowDatastore datastore, String run, String step)
            throws IOException {
        StepNode node = graph.step(step);
        if (node.parents().isEmpty()) {
            return List.of(TaskIds.ROOT);
        }
        if (node.join()) {
            StepNode opener = graph.step(node.closes());
            return opener.transition() instanceof Transition.Foreach
                    ? known(graph, datastore, run, opener.name())
                    : known(graph, datastore, run, node.parents().get(0));
        }
        String parent = node.parents().get(0);
        List<String> parentTasks = known(graph, datastore, run, parent);
        if (!(graph.step(parent).transition() instanceof Transition.Foreach)) {
            return parentTasks;
        }
        List<String> tasks = new ArrayList<>();
        Map<String, TaskRecord> records = datastore.latestTasks(run, parent, parentTasks); // one listing, parallel gets
        for (String task : parentTasks) {
            TaskRecord record = Optional.ofNullable(records.get(task))
                    .orElseThrow(() -> new IllegalStateException("cannot plan step " + step + " of run " + run + ": "
                            + parent + "/" + task + " has no record"));
            if (!record.succeeded() || record.foreachSize() == null) {
                throw new IllegalStateException("cannot plan step " + step + " of run " + run + ": " + parent + "/"
                        + task
                        + (record.succeeded() ? " fanned out over nothing (its failure was caught)" : " failed"));
            }
            for (int i = 0; i < record.foreachSize(); i++) {
                tasks.add(TaskIds.child(task, i));
            }
        }
        return tasks;
    }

    /** A step's tasks: from its plan file when there is one, else derived. */
    private static List<String> known(FlowGraph graph, FlowDatastore datastore, String run, String step)
            throws IOException {
        Optional<FlowDatastore.StepPlan> plan = datastore.readPlan(run, step);
        return plan.isPresent() ? plan.get().tasks() : of(graph, datastore, run, step);
    }

    /**
     * Consecutive chunks covering a plan of {@code size} tasks, each an array job of at most {@link #MAX_ARRAY_SIZE}
     * children of {@code tasksPerChild} tasks (the step's last child fewer).
     */
    public static List<FlowDatastore.Chunk> chunks(int size, int tasksPerChild) {
        if (tasksPerChild < 1) {
            throw new IllegalArgumentException("tasks per child must be at least 1, got " + tasksPerChild);
        }
        long tasksPerChunk = (long) MAX_ARRAY_SIZE * tasksPerChild;
        List<FlowDatastore.Chunk> chunks = new ArrayList<>();
        for (long offset = 0; offset < size; offset += tasksPerChunk) {
            long tasks = Math.min(tasksPerChunk, size - offset);
            chunks.add(new FlowDatastore.Chunk(
                    (int) offset, (int) ((tasks + tasksPerChild - 1) / tasksPerChild), tasksPerChild));
        }
        return chunks;
    }

    /**
     * Computes the plan of {@code step} and writes its two files; returns the summary, whose chunks give each array
     * child the step's {@code @Batch(tasksPerChild)} tasks (or as many as the plan picks for its size).
     */
    public static FlowDatastore.PlanSummary write(FlowGraph graph, FlowDatastore datastore, String run, String step)
            throws IOException {
        List<String> tasks = of(graph, datastore, run, step);
        int tasksPerChild = graph.step(step).settings().tasksPerChildFor(tasks.size());
        FlowDatastore.PlanSummary summary =
                new FlowDatastore.PlanSummary(tasks.size(), chunks(tasks.size(), tasksPerChild));
        datastore.writePlan(run, step, new FlowDatastore.StepPlan(tasks), summary);
        return summary;
    }
}
