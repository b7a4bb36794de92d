package dev.cairn.examples.countrymodels;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGradRDA;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

/**
 * Trains one country's churn classifier: a Tribuo logistic regression ({@link LinearSGDTrainer} with
 * {@link LogMulticlass} and {@link AdaGradRDA}) behind a mean/std standardisation of every feature (a Tribuo
 * {@link TransformTrainer}, so the scaling is part of the serialized model). Stateless and thread-safe; training
 * is deterministic (fixed seed, a fresh trainer per call), although the model bytes differ between calls because
 * Tribuo records the training time in the model's provenance.
 */
public final class CountryModelTrainer {

    /** Seed of the SGD shuffling and parameter initialisation. */
    public static final long TRAINING_SEED = 42L;

    static final LabelFactory LABEL_FACTORY = new LabelFactory();
    static final Label CHURN_LABEL = new Label(CountryDataset.CHURN);
    static final Label STAY_LABEL = new Label(CountryDataset.STAY);
    private static final OffsetDateTime DATA_TIME = OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final Logger TRIBUO_LOGGER = Logger.getLogger("org.tribuo");

    static {
        quietTribuo();
    }

    private CountryModelTrainer() {}

    /** Sets the {@code org.tribuo} java.util.logging logger to WARNING (Tribuo logs progress at INFO). */
    public static void quietTribuo() {
        TRIBUO_LOGGER.setLevel(Level.WARNING);
    }

    /** Trains on {@code data}'s training split with {@code hp} and scores the model on its validation split. */
    public static TrainedModel train(CountryDataset data, HyperParameters hp) {
        return fit(data, hp).result();
    }

    /** A trained model in memory together with its serialized result (for tests). */
    record Fitted(Model<Label> model, TrainedModel result) {}

    static Fitted fit(CountryDataset data, HyperParameters hp) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(hp, "hp");
        MutableDataset<Label> train = new MutableDataset<>(
                new SimpleDataSourceProvenance("synthetic churn data of " + data.country(), DATA_TIME, LABEL_FACTORY),
                LABEL_FACTORY);
        String[] names = data.featureNames().toArray(String[]::new);
        double[][] x = data.trainFeatures();
        int[] y = data.trainLabels();
        for (int i = 0; i < y.length; i++) {
            train.add(new ArrayExample<>(label(y[i]), names, x[i]));
        }

        AdaGradRDA optimiser = new AdaGradRDA(hp.learningRate(), 1e-6, hp.l1(), hp.l2(), Math.max(1, y.length));
        LinearSGDTrainer sgd = new LinearSGDTrainer(
                new LogMulticlass(), optimiser, hp.epochs(), -1, hp.minibatchSize(), TRAINING_SEED);
        TransformTrainer<Label> trainer =
                new TransformTrainer<>(sgd, new TransformationMap(List.of(new MeanStdDevTransformation())), true, true);
        Model<Label> model = trainer.train(train);

        double[][] vx = data.validationFeatures();
        int[] vy = data.validationLabels();
        List<Example<Label>> validation = new ArrayList<>(vy.length);
        for (int i = 0; i < vy.length; i++) {
            validation.add(new ArrayExample<>(label(vy[i]), names, vx[i]));
        }
        List<Prediction<Label>> predictions = model.predict(validation);
        int correct = 0;
        double[] churnProbabilities = new double[vy.length];
        for (int i = 0; i < vy.length; i++) {
            Prediction<Label> p = predictions.get(i);
            if (p.getOutput().getLabel().equals(CountryDataset.labelName(vy[i]))) {
                correct++;
            }
            churnProbabilities[i] = churnProbability(p);
        }
        double accuracy = vy.length == 0 ? Double.NaN : (double) correct / vy.length;
        return new Fitted(
                model,
                new TrainedModel(
                        data.country(),
                        hp,
                        accuracy,
                        auc(churnProbabilities, vy),
                        model.serialize().toByteArray()));
    }

    /** Trains one model per setting, in order. */
    public static List<TrainedModel> search(CountryDataset data, List<HyperParameters> grid) {
        List<TrainedModel> results = new ArrayList<>(grid.size());
        for (HyperParameters hp : grid) {
            results.add(train(data, hp));
        }
        return results;
    }

    /**
     * The best model by {@link TrainedModel#BY_SCORE} (validation accuracy, then AUC); on a tie the earliest in
     * iteration order wins, so the choice is deterministic for a deterministic order.
     */
    public static TrainedModel best(Collection<TrainedModel> models) {
        TrainedModel best = null;
        for (TrainedModel m : models) {
            if (best == null || TrainedModel.BY_SCORE.compare(m, best) > 0) {
                best = m;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no models to choose from");
        }
        return best;
    }

    /** The "churn" probability of a prediction (0 if the model never saw the churn label). */
    static double churnProbability(Prediction<Label> p) {
        Label churn = p.getOutputScores().get(CountryDataset.CHURN);
        return churn == null ? 0.0 : churn.getScore();
    }

    /**
     * ROC AUC (Mann-Whitney U with tied scores counted as half) of {@code scores} for the positive label
     * {@link CountryDataset#CHURN_ID}; NaN if either class is missing.
     */
    static double auc(double[] scores, int[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        long positives = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1; // 1-based ranks, ties share the mean rank
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] == CountryDataset.CHURN_ID) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    private static Label label(int y) {
        return y == CountryDataset.CHURN_ID ? CHURN_LABEL : STAY_LABEL;
    }
}
