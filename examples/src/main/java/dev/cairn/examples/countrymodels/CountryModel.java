package dev.cairn.examples.countrymodels;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cairn.flow.serving.Predictor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;

/**
 * A trained country model loaded from its Tribuo protobuf bytes ({@link TrainedModel#model()}), ready to predict.
 * Features are given in the order of {@link #featureNames()}: the warehouse's
 * ({@code tenure_months, monthly_spend, support_calls}) or the synthetic generator's
 * {@link CountryDataset#FEATURE_NAMES}, whichever the model was trained on. Thread-safe.
 *
 * <p>As a {@link Predictor} (what the serving container calls) it answers each row with
 * {@code {"label": "churn" | "stay", "churnProbability": 0.23}}.
 */
public final class CountryModel implements Predictor {

    // the feature sets models are trained on, in argument order (Tribuo keeps names, not order)
    private static final List<List<String>> KNOWN_FEATURES =
            List.of(CountryWarehouse.FEATURES, CountryDataset.FEATURE_NAMES);

    private final Model<Label> model;
    private final List<String> features;
    private final String[] featureArray;

    private CountryModel(Model<Label> model, List<String> features) {
        this.model = model;
        this.features = features;
        this.featureArray = features.toArray(String[]::new);
    }

    /**
     * Loads a model from {@link TrainedModel#model()} bytes.
     *
     * @throws IllegalArgumentException if the bytes are not a Tribuo classification model over the country features
     */
    public static CountryModel load(byte[] modelBytes) {
        Objects.requireNonNull(modelBytes, "modelBytes");
        CountryModelTrainer.quietTribuo();
        Model<?> loaded;
        try {
            loaded = Model.deserialize(ModelProto.parseFrom(modelBytes));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new IllegalArgumentException("not a Tribuo model: " + e.getMessage(), e);
        }
        if (!loaded.validate(Label.class)) {
            throw new IllegalArgumentException(
                    "not a classification model: " + loaded.getClass().getName());
        }
        Model<Label> model = loaded.castModel(Label.class);
        for (List<String> features : KNOWN_FEATURES) {
            if (model.getFeatureIDMap().size() == features.size()
                    && features.stream().allMatch(f -> model.getFeatureIDMap().get(f) != null)) {
                return new CountryModel(model, features);
            }
        }
        throw new IllegalArgumentException("model does not know the country features: it has "
                + model.getFeatureIDMap().keySet() + ", expected one of " + KNOWN_FEATURES);
    }

    /** Feature names, the expected order of the {@code features} arguments. */
    public List<String> featureNames() {
        return features;
    }

    /** The same as {@link #featureNames()}: the column order of CSV rows. */
    @Override
    public List<String> features() {
        return features;
    }

    /**
     * Answers each row (feature name -> number) with its label and churn probability.
     *
     * @throws IllegalArgumentException naming the row index and feature when a row lacks a feature or its value is
     *                                  not a finite number
     */
    @Override
    public List<Object> predict(List<Map<String, Object>> rows) {
        Objects.requireNonNull(rows, "rows");
        List<Object> answers = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Prediction<Label> prediction = predictRaw(values(rows.get(i), i));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("label", prediction.getOutput().getLabel());
            answer.put("churnProbability", CountryModelTrainer.churnProbability(prediction));
            answers.add(answer);
        }
        return answers;
    }

    private double[] values(Map<String, Object> row, int index) {
        if (row == null) {
            throw new IllegalArgumentException(
                    "row " + index + " is null: give an object with the features " + features);
        }
        double[] values = new double[featureArray.length];
        for (int f = 0; f < featureArray.length; f++) {
            Object value = row.get(featureArray[f]);
            if (value == null) {
                throw new IllegalArgumentException(
                        "row " + index + " has no feature `" + featureArray[f] + "`: every row needs " + features);
            }
            if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                throw new IllegalArgumentException("row " + index + ", feature `" + featureArray[f] + "`: "
                        + (value instanceof String ? "\"" + value + "\"" : value) + " is not a finite number");
            }
            values[f] = number.doubleValue();
        }
        return values;
    }

    /** Probability of "churn" for one customer. */
    public double churnProbability(double[] features) {
        return CountryModelTrainer.churnProbability(predictRaw(features));
    }

    /** The predicted label, "churn" or "stay". */
    public String predict(double[] features) {
        return predictRaw(features).getOutput().getLabel();
    }

    private Prediction<Label> predictRaw(double[] features) {
        Objects.requireNonNull(features, "features");
        if (features.length != featureArray.length) {
            throw new IllegalArgumentException(
                    "expected " + featureArray.length + " features " + this.features + ", got " + features.length);
        }
        for (double f : features) {
            if (!Double.isFinite(f)) {
                throw new IllegalArgumentException("features must be finite numbers: " + Arrays.toString(features));
            }
        }
        return model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureArray, features));
    }
}
