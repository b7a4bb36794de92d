package dev.cairn.cards;

import dev.cairn.client.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The chain of tasks whose end times decide when the run ended: from the task that finished last,
 * back through the input that finished last, to a task with no inputs. Speeding up anything off
 * this chain does not shorten the run.
 */
final class CriticalPath {
    private CriticalPath() {}

    /** The chain, first task first; empty when no task has timings. */
    static List<Task> of(List<Task> tasks) {
        Map<String, Task> byPath = new HashMap<>();
        tasks.forEach(t -> byPath.put(t.step() + "/" + t.id(), t));
        Task last = tasks.stream()
                .filter(t -> t.finishedAt() != null)
                .max(Comparator.comparing(Task::finishedAt))
                .orElse(null);
        List<Task> chain = new ArrayList<>();
        while (last != null && !chain.contains(last)) {
            chain.add(0, last);
            last = last.record().inputs().stream()
                    .map(in -> in.split("/"))
                    .filter(parts -> parts.length >= 2)
                    .map(parts -> byPath.get(parts[0] + "/" + parts[1]))
                    .filter(Objects::nonNull)
                    .filter(t -> t.finishedAt() != null)
                    .max(Comparator.comparing(
                            Task::finishedAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder())))
                    .orElse(null);
        }
        return chain;
    }
}
