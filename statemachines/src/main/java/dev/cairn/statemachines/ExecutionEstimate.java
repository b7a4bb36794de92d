package dev.cairn.statemachines;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Worst-case cost of one successful execution, read from a definition's structure: the states
 * entered (each is one state transition) and the history events, on the most expensive path
 * through every Choice, with each Map running the number of iterations {@code mapIterations}
 * gives for its state name. Retries are not counted.
 *
 * <p>Events per state: Task 6 (entered, scheduled, started, submitted, succeeded, exited), Map
 * and Parallel 4 plus their contents (a Map iteration adds 2: started, succeeded), any other state
 * 2; the execution itself 2 (started, succeeded).
 *
 * @param statesEntered state transitions of the execution
 * @param historyEvents history events of the execution
 */
public record ExecutionEstimate(long statesEntered, long historyEvents) {

    static final int TASK_EVENTS = 6;
    static final int CONTAINER_EVENTS = 4;
    static final int ITERATION_EVENTS = 2;
    static final int SIMPLE_EVENTS = 2;
    static final int EXECUTION_EVENTS = 2;

    public static ExecutionEstimate of(JsonNode definition, ToIntFunction<String> mapIterations) {
        Cost c = new Walker(mapIterations).path(definition);
        return new ExecutionEstimate(c.states, c.events + EXECUTION_EVENTS);
    }

    private record Cost(long states, long events) {
        Cost plus(Cost o) {
            return new Cost(states + o.states, events + o.events);
        }

        Cost times(long n) {
            return new Cost(states * n, events * n);
        }
    }

    private static final class Walker {
        private final ToIntFunction<String> mapIterations;

        Walker(ToIntFunction<String> mapIterations) {
            this.mapIterations = mapIterations;
        }

        /** Cost of a {StartAt, States} machine or branch. */
        Cost path(JsonNode machine) {
            JsonNode states = machine.path("States");
            return from(machine.path("StartAt").asText(), states, new HashMap<>(), new HashSet<>());
        }

        private Cost from(String name, JsonNode states, Map<String, Cost> memo, Set<String> onPath) {
            Cost known = memo.get(name);
            if (known != null) {
                return known;
            }
            JsonNode state = states.get(name);
            if (state == null || !onPath.add(name)) {
                return new Cost(0, 0); // dangling name or a loop: counted once
            }
            Cost own = own(name, state);
            Cost rest = new Cost(0, 0);
            if ("Choice".equals(state.path("Type").asText())) {
                for (JsonNode choice : state.path("Choices")) {
                    rest = max(rest, from(choice.path("Next").asText(), states, memo, onPath));
                }
                if (state.has("Default")) {
                    rest = max(rest, from(state.path("Default").asText(), states, memo, onPath));
                }
            } else if (state.has("Next")) {
                rest = from(state.path("Next").asText(), states, memo, onPath);
            }
            onPath.remove(name);
            Cost total = own.plus(rest);
            memo.put(name, total);
            return total;
        }

        private Cost own(String name, JsonNode state) {
            return switch (state.path("Type").asText()) {
                case "Task" -> new Cost(1, TASK_EVENTS);
                case "Parallel" -> {
                    Cost c = new Cost(1, CONTAINER_EVENTS);
                    for (Iterator<JsonNode> it = state.path("Branches").elements(); it.hasNext(); ) {
                        c = c.plus(path(it.next()));
                    }
                    yield c;
                }
                case "Map" -> {
                    JsonNode processor =
                            state.has("ItemProcessor") ? state.get("ItemProcessor") : state.path("Iterator");
                    Cost iteration = path(processor).plus(new Cost(0, ITERATION_EVENTS));
                    yield new Cost(1, CONTAINER_EVENTS)
                            .plus(iteration.times(Math.max(0, mapIterations.applyAsInt(name))));
                }
                default -> new Cost(1, SIMPLE_EVENTS);
            };
        }

        private static Cost max(Cost a, Cost b) {
            return b.events > a.events ? b : a;
        }
    }
}
