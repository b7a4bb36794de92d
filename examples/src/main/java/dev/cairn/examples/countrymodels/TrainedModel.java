package dev.cairn.examples.countrymodels;

import dev.cairn.flow.serving.Predictor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * The result of training one country's model with one hyperparameter setting.
 *
 * @param country            the country code
 * @param hyperParameters    the setting the model was trained with
 * @param validationAccuracy accuracy on the validation split
 * @param validationAuc      ROC AUC of the churn probability on the validation split (NaN if the split has one class)
 * @param model              the Tribuo model in Tribuo's protobuf format ({@code ModelProto} bytes); load it with
 *                           {@link CountryModel#load(byte[])}
 *
 * <p>A {@link Predictor.Source}: {@code cairn export-model CountryModels/RUN/bestPerCountry/0-0 best} packs it for
 * the serving container, which loads it with {@link #predictor()}.
 */
public record TrainedModel(
        String country, HyperParameters hyperParameters, double validationAccuracy, double validationAuc, byte[] model)
        implements Predictor.Source {

    /**
     * Orders by validation accuracy, then AUC (NaN lowest); larger is better. Ties are left to the caller
     * ({@link CountryModelTrainer#best} keeps the earliest).
     */
    public static final Comparator<TrainedModel> BY_SCORE = Comparator.comparingDouble(TrainedModel::validationAccuracy)
            .thenComparingDouble(t -> Double.isNaN(t.validationAuc()) ? Double.NEGATIVE_INFINITY : t.validationAuc());

    public TrainedModel {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(hyperParameters, "hyperParameters");
        model = Objects.requireNonNull(model, "model").clone();
    }

    /** The model, loaded for predictions. */
    @Override
    public Predictor predictor() {
        return CountryModel.load(model);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainedModel t
                && country.equals(t.country)
                && hyperParameters.equals(t.hyperParameters)
                && Double.compare(validationAccuracy, t.validationAccuracy) == 0
                && Double.compare(validationAuc, t.validationAuc) == 0
                && Arrays.equals(model, t.model);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(country, hyperParameters, validationAccuracy, validationAuc) + Arrays.hashCode(model);
    }

    @Override
    public String toString() {
        return "TrainedModel[country=" + country + ", " + hyperParameters + ", accuracy=" + validationAccuracy
                + ", auc=" + validationAuc + ", model=" + model.length + " bytes]";
    }
}
