package dev.cairn.cards;

import dev.cairn.client.Task;
import dev.cairn.datastore.CardJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chart standing for many charts of the same title (one per foreach task): each task's highest and lowest
 * value, tasks ranked by their highest. Two hundred small charts read as noise; which tasks did best, and how
 * far apart their settings landed, reads from one.
 */
final class ChartSummary {
    private ChartSummary() {}

    private record Extremes(String label, double highest, double lowest) {}

    /** The summary of {@code charts}; a task is named by its chart's only series, else by its id. */
    static CardJson.LineChart of(List<Map.Entry<Task, CardJson.LineChart>> charts) {
        List<Extremes> tasks = new ArrayList<>();
        for (Map.Entry<Task, CardJson.LineChart> e : charts) {
            Map<String, List<Double>> series =
                    e.getValue().series() == null ? Map.of() : e.getValue().series();
            List<Double> values = series.values().stream()
                    .filter(Objects::nonNull)
                    .flatMap(List::stream)
                    .filter(Objects::nonNull)
                    .filter(Double::isFinite)
                    .toList();
            if (values.isEmpty()) {
                continue;
            }
            String label = series.size() == 1
                    ? series.keySet().iterator().next()
                    : e.getKey().id();
            tasks.add(new Extremes(
                    label,
                    values.stream().mapToDouble(d -> d).max().orElseThrow(),
                    values.stream().mapToDouble(d -> d).min().orElseThrow()));
        }
        tasks.sort(Comparator.comparingDouble(Extremes::highest).reversed());
        List<Double> index = new ArrayList<>();
        tasks.forEach(t -> index.add((double) index.size()));
        Map<String, List<Double>> series = new java.util.LinkedHashMap<>();
        series.put("highest", tasks.stream().map(Extremes::highest).toList());
        series.put("lowest", tasks.stream().map(Extremes::lowest).toList());
        return new CardJson.LineChart(
                "highest and lowest value of each task, best first",
                tasks.size() + " tasks",
                index,
                series,
                tasks.stream().map(Extremes::label).toList());
    }
}
