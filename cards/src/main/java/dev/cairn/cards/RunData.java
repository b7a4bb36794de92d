package dev.cairn.cards;

import dev.cairn.client.Run;
import dev.cairn.client.RunStep;
import dev.cairn.client.Task;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.flow.internal.graph.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a card draws, read from the datastore once: the run, each step's tasks (latest
 * attempts), and the graph's nodes, from the flow class when it is at hand or else from what the
 * task records say (their inputs), so a card renders even where the flow's code is not.
 */
final class RunData {
    /** How a step went, which decides its colour. */
    enum StepState {
        SUCCEEDED(CardStyles.SUCCEEDED),
        FAILED(CardStyles.FAILED),
        PARTLY(CardStyles.PARTLY),
        NOT_RUN(CardStyles.NOT_RUN);

        final String colour;

        StepState(String colour) {
            this.colour = colour;
        }

        String label() {
            return name().toLowerCase().replace('_', ' ');
        }
    }

    /**
     * A step as the diagram shows it.
     *
     * @param fanOut the step it fans out to with a foreach, or null
     * @param join   whether it joins a branch or a foreach
     */
    record Node(String name, List<String> parents, String fanOut, boolean join) {}

    final Run run;
    final Map<String, List<Task>> tasks = new LinkedHashMap<>();
    final List<Node> nodes = new ArrayList<>();
    /** Whether the nodes come from the flow class (true) or only from the task records. */
    final boolean fromFlowClass;

    RunData(Run run, FlowGraph graph) {
        this.run = run;
        for (RunStep step : run.steps()) {
            tasks.put(step.name(), step.tasks());
        }
        this.fromFlowClass = graph != null;
        if (graph != null) {
            for (StepNode node : graph.steps()) {
                String fanOut = node.transition() instanceof Transition.Foreach f ? f.next() : null;
                nodes.add(new Node(node.name(), node.parents(), fanOut, node.join()));
            }
            // steps the records have but this version of the class lacks still get drawn
            tasks.keySet().stream().filter(s -> !graph.hasStep(s)).forEach(s -> nodes.add(derived(s)));
        } else {
            tasks.keySet().forEach(s -> nodes.add(derived(s)));
        }
    }

    /** A node from its task records: parents are the steps its tasks read; a foreach shows as a foreachSize. */
    private Node derived(String step) {
        List<Task> own = tasks.getOrDefault(step, List.of());
        Set<String> parents = new LinkedHashSet<>();
        own.forEach(t -> t.record().inputs().forEach(in -> parents.add(in.split("/")[0])));
        parents.remove(step);
        boolean join = !own.isEmpty() && own.get(0).record().inputs().size() > 1;
        String fanOut = null;
        if (own.stream().anyMatch(t -> t.record().foreachSize() != null)) {
            fanOut = tasks.entrySet().stream()
                    .filter(e -> e.getValue().stream()
                            .anyMatch(t -> t.record().inputs().stream().anyMatch(in -> in.startsWith(step + "/"))))
                    .map(Map.Entry::getKey)
                    .filter(s -> !s.equals(step))
                    .findFirst()
                    .orElse(null);
        }
        return new Node(step, List.copyOf(parents), fanOut, join);
    }

    List<Task> tasks(String step) {
        return tasks.getOrDefault(step, List.of());
    }

    List<Task> allTasks() {
        return tasks.values().stream().flatMap(List::stream).toList();
    }

    /** The tasks that ran in this run: all but those a resumed run took over from the run it resumed. */
    List<Task> ranHere() {
        return allTasks().stream().filter(t -> t.clonedFrom().isEmpty()).toList();
    }

    /** The tasks a resumed run took over from the run it resumed, as they were there. */
    List<Task> reused() {
        return allTasks().stream().filter(t -> t.clonedFrom().isPresent()).toList();
    }

    StepState state(String step) {
        List<Task> own = tasks(step);
        if (own.isEmpty()) {
            return StepState.NOT_RUN;
        }
        long failed = own.stream().filter(t -> !t.succeeded()).count();
        if (failed == 0) {
            // a foreach cut short by a failure elsewhere has fewer tasks than its parents asked for
            return expected(step)
                    .map(n -> own.size() < n ? StepState.PARTLY : StepState.SUCCEEDED)
                    .orElse(StepState.SUCCEEDED);
        }
        return failed == own.size() ? StepState.FAILED : StepState.PARTLY;
    }

    /** How many tasks a foreach target should have: the sum of its parents' foreach sizes. */
    Optional<Integer> expected(String step) {
        return nodes.stream()
                .filter(n -> step.equals(n.fanOut()))
                .findFirst()
                .map(n -> tasks(n.name()).stream()
                        .map(t -> t.record().foreachSize())
                        .filter(Objects::nonNull)
                        .mapToInt(i -> i)
                        .sum())
                .filter(n -> n > 0);
    }

    Optional<Instant> start() {
        return Optional.ofNullable(run.startedAt())
                .or(() -> allTasks().stream()
                        .map(Task::startedAt)
                        .filter(Objects::nonNull)
                        .min(Comparator.naturalOrder()));
    }
}
