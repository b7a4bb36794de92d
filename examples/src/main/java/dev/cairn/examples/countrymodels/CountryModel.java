package dev.cairn.examples.countrymodels;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import com.google.protobuf.InvalidProtocolBufferException;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;

/**
 * A trained country model loaded from its Tribuo protobuf bytes ({@link TrainedModel#model()}), ready to predict.
 * Features are given in the order of {@link CountryDataset#FEATURE_NAMES}. Thread-safe.
 */
public final class CountryModel {

    private static final List<String> FEATURES = CountryDataset.FEATURE_NAMES;
    private static final String[] FEATURE_ARRAY = FEATURES.toArray(String[]::new);

    private final Model<Label> model;

    private CountryModel(Model<Label> model) {
        this.model = model;
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
            throw new IllegalArgumentException("not a classification model: " + loaded.getClass().getName());
        }
        Model<Label> model = loaded.castModel(Label.class);
        for (String feature : FEATURES) {
            if (model.getFeatureIDMap().get(feature) == null) {
                throw new IllegalArgumentException("model does not know feature " + feature);
            }
        }
        return new CountryModel(model);
    }

    /** Feature names, the expected order of the {@code features} arguments. */
    public List<String> featureNames() {
        return FEATURES;
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
        if (features.length != FEATURE_ARRAY.length) {
            throw new IllegalArgumentException("expected " + FEATURE_ARRAY.length + " features " + FEATURES
                    + ", got " + features.length);
        }
        for (double f : features) {
            if (!Double.isFinite(f)) {
                throw new IllegalArgumentException("features must be finite numbers: " + Arrays.toString(features));
            }
        }
        return model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, FEATURE_ARRAY, features));
    }
}
