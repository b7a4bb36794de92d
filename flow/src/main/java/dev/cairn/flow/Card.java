package dev.cairn.flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a step adds to its run's card: text, tables and charts, stored with the task and drawn
 * by {@code cairn card}.
 *
 * <pre>{@code
 * card().markdown("## " + country)
 *       .lineChart("validation accuracy", "epoch", List.of(1, 2, 3), Map.of(country, scores))
 *       .categoryChart("validation accuracy", "setting", List.of("depth=3, lr=0.1", "depth=5, lr=0.1"), Map.of(country, accuracies))
 *       .table("best model", List.of(bestRow));
 * }</pre>
 */
public final class Card {
    private final List<Component> components = new ArrayList<>();

    /** One part of a card. */
    public sealed interface Component permits Markdown, Table, LineChart {}

    /** Text in Markdown (headings, emphasis, lists, code); shown as text, never as raw HTML. */
    public record Markdown(String text) implements Component {}

    /** @param rows one list of cell values per row, in column order */
    public record Table(String title, List<String> columns, List<List<Object>> rows) implements Component {}

    /**
     * @param series  name -> y values, one per x
     * @param xLabels for a chart over categories: the text of each x (x is then 0, 1, 2, ...); null for numeric x
     */
    public record LineChart(
            String title,
            String xLabel,
            List<? extends Number> x,
            Map<String, List<? extends Number>> series,
            List<String> xLabels)
            implements Component {}

    public Card markdown(String text) {
        components.add(new Markdown(text));
        return this;
    }

    public Card table(String title, List<String> columns, List<List<Object>> rows) {
        components.add(new Table(
                title,
                List.copyOf(columns),
                rows.stream()
                        .map(r -> Collections.unmodifiableList(new ArrayList<>(r)))
                        .toList()));
        return this;
    }

    /** A table of records (or maps): their components (keys) are the columns. */
    public Card table(String title, List<?> items) {
        List<String> columns = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> row = asRow(item);
            row.keySet().stream().filter(k -> !columns.contains(k)).forEach(columns::add);
            rows.add(columns.stream().map(row::get).toList());
        }
        List<List<Object>> padded = rows.stream()
                .map(r -> {
                    List<Object> full = new ArrayList<>(r);
                    while (full.size() < columns.size()) {
                        full.add(null);
                    }
                    return full;
                })
                .toList();
        return table(title, columns, padded);
    }

    /** Lines over numeric x: one value per x and series. */
    public Card lineChart(
            String title,
            String xLabel,
            List<? extends Number> x,
            Map<String, ? extends List<? extends Number>> series) {
        components.add(new LineChart(title, xLabel, List.copyOf(x), copies(title, x.size(), series), null));
        return this;
    }

    /**
     * Points over categories, such as hyperparameter settings: one value per category and series, the x axis
     * labelled with the categories' text ({@code depth=3, lr=0.1}) rather than their index.
     */
    public Card categoryChart(
            String title,
            String xLabel,
            List<String> categories,
            Map<String, ? extends List<? extends Number>> series) {
        List<Integer> index =
                java.util.stream.IntStream.range(0, categories.size()).boxed().toList();
        components.add(
                new LineChart(title, xLabel, index, copies(title, categories.size(), series), List.copyOf(categories)));
        return this;
    }

    private static Map<String, List<? extends Number>> copies(
            String title, int xs, Map<String, ? extends List<? extends Number>> series) {
        Map<String, List<? extends Number>> copy = new LinkedHashMap<>();
        series.forEach((name, ys) -> {
            if (ys.size() != xs) {
                throw new IllegalArgumentException("series `" + name + "` of chart `" + title + "` has " + ys.size()
                        + " values for " + xs + " x values");
            }
            copy.put(name, List.copyOf(ys));
        });
        return copy;
    }

    public List<Component> components() {
        return List.copyOf(components);
    }

    public boolean isEmpty() {
        return components.isEmpty();
    }

    private static Map<String, Object> asRow(Object item) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (item instanceof Map<?, ?> map) {
            map.forEach((k, v) -> row.put(String.valueOf(k), v));
        } else if (item != null && item.getClass().isRecord()) {
            for (var component : item.getClass().getRecordComponents()) {
                try {
                    component.getAccessor().setAccessible(true);
                    row.put(component.getName(), component.getAccessor().invoke(item));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("cannot read " + component.getName() + " of " + item, e);
                }
            }
        } else {
            row.put("value", item);
        }
        return row;
    }
}
