package dev.cairn.cards;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Flows whose cards the chart and preview tests draw: a search per country, and values that are hard to show. */
final class ChartFlows {
    /** A setting of the search; its text is what a chart's x axis must show. */
    record Setting(int depth, double lr) {
        @Override
        public String toString() {
            return "depth=" + depth + ", lr=" + lr;
        }
    }

    static final List<Setting> SETTINGS = List.of(new Setting(1, 0.1), new Setting(3, 0.1), new Setting(3, 0.3));

    /** A model record holding its bytes, as TrainedModel does. */
    record Packed(String country, double accuracy, byte[] model) {}

    static final double PRECISE = 0.9536389536389537;

    private ChartFlows() {}

    /**
     * One task per country, each charting its score per setting (categories) and per depth (whole numbers); country
     * {@code i} scores around {@code 0.5 + i / 10}, so each chart alone would get a range of its own.
     */
    @Flow(project = "cardtests")
    public static class Search extends FlowSpec {
        @Parameter(help = "how many countries")
        int countries = 3;

        List<String> codes;
        String country;
        double best;

        @Step(next = "country", foreach = "codes")
        public void start() {
            codes = IntStream.range(0, countries).mapToObj(i -> "C" + i).toList();
        }

        @Step(next = "join")
        public void country() {
            country = input(String.class);
            int i = Integer.parseInt(country.substring(1));
            List<Double> scores = IntStream.range(0, SETTINGS.size())
                    .mapToObj(k -> 0.5 + i / 10.0 + k / 100.0)
                    .toList();
            best = scores.get(scores.size() - 1);
            card().categoryChart(
                            "score per setting",
                            "setting",
                            SETTINGS.stream().map(Setting::toString).toList(),
                            Map.of(country, scores))
                    .lineChart("score by depth", "depth", List.of(1, 2, 3), Map.of(country, scores));
        }

        @Step(next = "end")
        public void join(Inputs<Search> inputs) {
            best = inputs.stream().mapToDouble(s -> s.best).max().orElse(0);
        }

        @Step
        public void end() {}
    }

    /** A long fraction as an artifact and in a card's table, and model bytes inside records. */
    @Flow(project = "cardtests")
    public static class Precise extends FlowSpec {
        double accuracy;
        Packed model;
        Map<String, Packed> models;

        @Step(next = "end")
        public void start() {
            accuracy = PRECISE;
            byte[] bytes = new byte[12_300];
            new java.util.Random(7).nextBytes(bytes);
            model = new Packed("DE", PRECISE, bytes);
            models = Map.of("DE", model);
            card().table("scores", List.of("country", "accuracy"), List.of(List.of("DE", PRECISE)));
        }

        @Step
        public void end() {}
    }

    /** A foreach of three items whose first fails, without retries: with one worker the other two never start. */
    @Flow(project = "cardtests")
    public static class FirstItemFails extends FlowSpec {
        List<Integer> items;
        int item;

        @Step(next = "work", foreach = "items")
        public void start() {
            items = List.of(0, 1, 2);
        }

        @Step(next = "join")
        public void work() {
            item = input(Integer.class);
            if (item == 0) {
                throw new IllegalStateException("item 0 is bad");
            }
        }

        @Step(next = "end")
        public void join(Inputs<FirstItemFails> inputs) {
            item = inputs.stream().mapToInt(i -> i.item).sum();
        }

        @Step
        public void end() {}
    }
}
