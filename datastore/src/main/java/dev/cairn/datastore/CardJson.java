package dev.cairn.datastore;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.cairn.flow.Card;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a task's card: its components, each tagged with its kind. Readers decode
 * it with {@code Json.RECORDS.readValue(bytes, CardJson.class)}.
 */
public record CardJson(List<Component> components) {

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Markdown.class, name = "markdown"),
        @JsonSubTypes.Type(value = Table.class, name = "table"),
        @JsonSubTypes.Type(value = LineChart.class, name = "lineChart")
    })
    public sealed interface Component permits Markdown, Table, LineChart {}

    public record Markdown(String text) implements Component {}

    public record Table(String title, List<String> columns, List<List<Object>> rows) implements Component {}

    /** @param xLabels the text of each x for a chart over categories (x is then 0, 1, 2, ...); null for numeric x */
    public record LineChart(
            String title, String xLabel, List<Double> x, Map<String, List<Double>> series, List<String> xLabels)
            implements Component {}

    public static CardJson of(Card card) {
        return new CardJson(card.components().stream().map(CardJson::component).toList());
    }

    private static Component component(Card.Component c) {
        return switch (c) {
            case Card.Markdown m -> new Markdown(m.text());
            case Card.Table t -> new Table(t.title(), t.columns(), t.rows());
            case Card.LineChart l ->
                new LineChart(
                        l.title(),
                        l.xLabel(),
                        doubles(l.x()),
                        l.series().entrySet().stream()
                                .collect(java.util.stream.Collectors.toMap(
                                        Map.Entry::getKey,
                                        e -> doubles(e.getValue()),
                                        (a, b) -> a,
                                        java.util.LinkedHashMap::new)),
                        l.xLabels());
        };
    }

    private static List<Double> doubles(List<? extends Number> values) {
        return values.stream().map(v -> v == null ? null : v.doubleValue()).toList();
    }
}
