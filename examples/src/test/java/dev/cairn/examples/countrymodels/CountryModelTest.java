package dev.cairn.examples.countrymodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

class CountryModelTest {

    @Test
    void bytesRoundTripToTheSamePredictions() {
        CountryDataset data = CountryDataset.generate("DE", 600, 7);
        for (HyperParameters hp : HyperParameters.grid(4)) {
            CountryModelTrainer.Fitted fitted = CountryModelTrainer.fit(data, hp);
            CountryModel loaded = CountryModel.load(fitted.result().model());
            String[] names = data.featureNames().toArray(String[]::new);
            int correct = 0;
            for (int i = 0; i < data.validationSize(); i++) {
                double[] row = data.validationFeatures()[i];
                Prediction<Label> before =
                        fitted.model().predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, row));
                assertEquals(
                        before.getOutputScores().get(CountryDataset.CHURN).getScore(),
                        loaded.churnProbability(row),
                        1e-12);
                assertEquals(before.getOutput().getLabel(), loaded.predict(row));
                if (loaded.predict(row).equals(CountryDataset.labelName(data.validationLabels()[i]))) {
                    correct++;
                }
            }
            assertEquals(fitted.result().validationAccuracy(), (double) correct / data.validationSize(), 1e-12);
        }
    }

    @Test
    void predictionsAreConsistentProbabilities() {
        CountryDataset data = CountryDataset.generate("SE", 600, 7);
        CountryModel model = CountryModel.load(
                CountryModelTrainer.train(data, HyperParameters.DEFAULT).model());
        assertEquals(CountryDataset.FEATURE_NAMES, model.featureNames());
        for (double[] row : data.validationFeatures()) {
            double p = model.churnProbability(row);
            assertTrue(p >= 0 && p <= 1, "probability " + p);
            assertEquals(p > 0.5 ? CountryDataset.CHURN : CountryDataset.STAY, model.predict(row));
        }
        // the learned direction matches the data: a long-tenured customer with no support calls churns less
        double[] loyal = {70, 50, 0, 0.2, 45};
        double[] unhappy = {2, 50, 6, 0.0, 45};
        assertTrue(model.churnProbability(unhappy) > model.churnProbability(loyal));
    }

    @Test
    void rejectsBadInput() {
        CountryModel model = CountryModel.load(
                CountryModelTrainer.train(CountryDataset.generate("DE", 600, 7), HyperParameters.DEFAULT)
                        .model());
        assertThrows(IllegalArgumentException.class, () -> model.predict(new double[] {1, 2, 3}));
        assertThrows(
                IllegalArgumentException.class, () -> model.churnProbability(new double[] {1, 2, Double.NaN, 0, 40}));
        assertThrows(NullPointerException.class, () -> model.predict((double[]) null));
        assertThrows(IllegalArgumentException.class, () -> CountryModel.load(new byte[] {1, 2, 3, 4, 5}));
        assertThrows(NullPointerException.class, () -> CountryModel.load(null));
    }

    @Test
    void asAPredictorEachRowGetsItsLabelAndChurnProbability() {
        TrainedModel trained =
                CountryModelTrainer.train(CountryDataset.generate("DE", 600, 7), HyperParameters.DEFAULT);
        CountryModel model = CountryModel.load(trained.model());
        double[] loyal = {70, 50, 0, 0.2, 45};
        double[] unhappy = {2, 50, 6, 0.0, 45};

        List<Object> answers = trained.predictor().predict(List.of(row(model, loyal), row(model, unhappy)));

        assertEquals(CountryDataset.FEATURE_NAMES, trained.predictor().features());
        assertEquals(
                List.of(
                        Map.of("label", model.predict(loyal), "churnProbability", model.churnProbability(loyal)),
                        Map.of("label", model.predict(unhappy), "churnProbability", model.churnProbability(unhappy))),
                answers);
    }

    @Test
    void predictorNamesTheRowAndFeatureOfABadRow() {
        CountryModel model = CountryModel.load(
                CountryModelTrainer.train(CountryDataset.generate("DE", 600, 7), HyperParameters.DEFAULT)
                        .model());
        Map<String, Object> good = row(model, new double[] {70, 50, 0, 0.2, 45});
        Map<String, Object> missing = new HashMap<>(good);
        missing.remove(model.features().get(2));
        Map<String, Object> text = new HashMap<>(good);
        text.put(model.features().get(1), "fifty");

        IllegalArgumentException noFeature =
                assertThrows(IllegalArgumentException.class, () -> model.predict(List.of(good, missing)));
        IllegalArgumentException notANumber =
                assertThrows(IllegalArgumentException.class, () -> model.predict(List.of(text)));

        assertTrue(
                noFeature
                        .getMessage()
                        .startsWith("row 1 has no feature `" + model.features().get(2) + "`"),
                noFeature.getMessage());
        assertEquals(
                "row 0, feature `" + model.features().get(1) + "`: \"fifty\" is not a finite number",
                notANumber.getMessage());
    }

    private static Map<String, Object> row(CountryModel model, double[] values) {
        Map<String, Object> row = new HashMap<>();
        for (int f = 0; f < values.length; f++) {
            row.put(model.features().get(f), values[f]);
        }
        return row;
    }

    @Test
    void noJavaNativeSerializationInThisPackage() throws IOException {
        Path dir = Path.of("src/main/java/dev/cairn/examples/countrymodels");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String src = Files.readString(f);
                assertTrue(!src.contains("ObjectOutputStream") && !src.contains("ObjectInputStream"), f.toString());
            }
        }
    }
}
