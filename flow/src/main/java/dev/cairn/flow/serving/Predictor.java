package dev.cairn.flow.serving;

import java.util.List;
import java.util.Map;

/**
 * A model that answers predictions for rows of features: what the serving container
 * ({@code dev.cairn.serving.ModelServer}) calls for each {@code POST /invocations}. An artifact can be
 * exported and served when its type implements this interface, or {@link Source} when the artifact is
 * plain data (weights, model bytes) from which a predictor is built.
 *
 * <pre>{@code
 * record LinearScorer(List<String> names, double[] weights) implements Predictor.Source {
 *     public Predictor predictor() { return new LinearPredictor(names, weights); }
 * }
 * List<Object> answers = scorer.predictor().predict(List.of(Map.of("tenure", 12, "spend", 80.5)));
 * }</pre>
 *
 * Implementations are called from several threads at once and must be thread-safe.
 */
public interface Predictor {

    /** Feature names, in the column order of CSV input (and of array rows in JSON). */
    List<String> features();

    /**
     * One answer per row, in row order. A row maps feature name to value ({@link Number}, {@link String},
     * {@link Boolean}). Answers are JSON-able values ({@code Map<String, Object>}, {@link Number}, {@link String}...).
     *
     * @throws IllegalArgumentException for a bad row; the message names the row index and the feature
     */
    List<Object> predict(List<Map<String, Object>> rows);

    /** Implemented by an artifact's type that can be served (e.g. the example's {@code TrainedModel}). */
    interface Source {
        /** The predictor this artifact stands for; called once when the server loads the model. */
        Predictor predictor();
    }
}
