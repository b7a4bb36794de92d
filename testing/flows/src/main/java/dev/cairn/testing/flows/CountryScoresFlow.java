package dev.cairn.testing.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A foreach over countries, then a join that keeps each country's best model: the shape of CountryModels, with the
 * artifacts a reader meets (a list of records, bytes, a map, plain values) and a line on stdout and on stderr from
 * each {@code train} task. Country {@code i} scores {@code 0.5 + 0.125 * i}; above 0.6 its model is a forest.
 */
@Flow(project = "tests")
public class CountryScoresFlow extends FlowSpec {
    public static final List<String> COUNTRIES = List.of("DE", "FR", "IT", "ES", "NL");

    /** One country's best model. */
    public record CountryScore(String country, String model, double score) {}

    @Parameter(help = "how many countries")
    int countries = 3;

    List<String> codes;
    byte[] weights;
    String note;
    String country;
    double score;
    List<CountryScore> best;
    Map<String, Double> scoreByCountry;

    @Step(next = "train", foreach = "codes")
    public void start() {
        codes = COUNTRIES.subList(0, countries);
        weights = new byte[] {1, 2, 3, 4};
        note = "scores per country";
    }

    @Step(next = "collect")
    public void train() {
        country = input(String.class);
        score = 0.5 + 0.125 * index();
        System.out.println("training " + country);
        System.err.println("warning for " + country);
    }

    @Step(next = "end")
    public void collect(Inputs<CountryScoresFlow> inputs) {
        best = new ArrayList<>();
        scoreByCountry = new TreeMap<>();
        for (CountryScoresFlow in : inputs) {
            best.add(new CountryScore(in.country, in.score > 0.6 ? "forest" : "linear", in.score));
            scoreByCountry.put(in.country, in.score);
        }
    }

    @Step
    public void end() {}
}
