package dev.cairn.cards;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Flows whose cards only the card tests draw: charts in nested foreach tasks, and hostile text. */
final class CardFlows {
    static final String HOSTILE = "<script>alert(1)</script>";

    private CardFlows() {}

    /** Regions, then cities per region: a foreach inside a foreach, each city adding a chart of the same title. */
    @Flow(project = "cardtests")
    public static class Nested extends FlowSpec {
        List<String> regions;
        List<Integer> cities;
        String region;
        int city;
        double score;
        List<Double> scores;
        double best;

        @Step(next = "region", foreach = "regions")
        public void start() {
            regions = List.of("north", "south");
        }

        @Step(next = "city", foreach = "cities")
        public void region() {
            region = input(String.class);
            cities = List.of(1, 2, 3);
        }

        @Step(next = "cities")
        public void city() {
            city = input(Integer.class);
            score = city * 0.25;
            card().lineChart(
                            "score by epoch",
                            "epoch",
                            List.of(1, 2, 3),
                            Map.of(region + city, List.of(score, score + 0.1, score + 0.2)));
        }

        @Step(next = "regions")
        public void cities(Inputs<Nested> inputs) {
            scores = inputs.stream().map(n -> n.score).toList();
        }

        @Step(next = "end")
        public void regions(Inputs<Nested> inputs) {
            best = inputs.stream()
                    .flatMap(n -> n.scores.stream())
                    .mapToDouble(d -> d)
                    .max()
                    .orElse(0);
        }

        @Step
        public void end() {}
    }

    /** Hostile text in an artifact, a table and markdown; a table and a two-series line chart on the card. */
    @Flow(project = "cardtests")
    public static class Hostile extends FlowSpec {
        String payload;
        List<Map<String, Object>> rows;

        @Step(next = "end")
        public void start() {
            payload = HOSTILE;
            rows = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", i == 0 ? HOSTILE : "model" + i);
                row.put("score", 0.5 + i / 10.0);
                rows.add(row);
            }
            Map<String, List<Double>> series = new LinkedHashMap<>();
            series.put("train", List.of(0.5, 0.7, 0.8));
            series.put("validation " + HOSTILE, List.of(0.4, 0.6, 0.65));
            card().markdown("## Results\nSome **bold** and `code` and " + HOSTILE + "\n- one\n- two")
                    .table("best " + HOSTILE, rows)
                    .lineChart("accuracy", "epoch", List.of(1, 2, 3), series);
        }

        @Step
        public void end() {}
    }
}
