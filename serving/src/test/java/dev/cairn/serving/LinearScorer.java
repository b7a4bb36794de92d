package dev.cairn.serving;

import dev.cairn.flow.serving.Predictor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A servable artifact for tests: weights of a linear score, stored as plain JSON, turned into a predictor that
 * answers {@code {"score": bias + sum(w * x), "label": "high" | "low"}}.
 */
public record LinearScorer(List<String> features, List<Double> weights, double bias) implements Predictor.Source {

    @Override
    public Predictor predictor() {
        return new Predictor() {
            @Override
            public List<String> features() {
                return features;
            }

            @Override
            public List<Object> predict(List<Map<String, Object>> rows) {
                List<Object> answers = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    double score = bias;
                    for (int f = 0; f < features.size(); f++) {
                        Object value = rows.get(i).get(features.get(f));
                        if (value == null) {
                            throw new IllegalArgumentException(
                                    "row " + i + " has no feature `" + features.get(f) + "`");
                        }
                        if (!(value instanceof Number number)) {
                            throw new IllegalArgumentException(
                                    "row " + i + ", feature `" + features.get(f) + "`: " + value + " is not a number");
                        }
                        score += weights.get(f) * number.doubleValue();
                    }
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("score", score);
                    answer.put("label", score > 0 ? "high" : "low");
                    answers.add(answer);
                }
                return answers;
            }
        };
    }
}
