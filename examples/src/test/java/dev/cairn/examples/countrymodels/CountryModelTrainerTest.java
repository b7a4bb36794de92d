package dev.cairn.examples.countrymodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

class CountryModelTrainerTest {

    @Test
    void modelLearnsClearlyBetterThanMajorityClass() {
        for (String country : List.of("DE", "JP", "SE", "X0001")) {
            CountryDataset data = CountryDataset.generate(country, 600, 7);
            TrainedModel m = CountryModelTrainer.train(data, HyperParameters.DEFAULT);
            double majority = data.validationMajorityRate();
            assertTrue(
                    m.validationAccuracy() >= majority + 0.05,
                    country + ": accuracy " + m.validationAccuracy() + " vs majority " + majority);
            assertTrue(m.validationAuc() > 0.7, country + ": auc " + m.validationAuc());
            assertEquals(country, m.country());
            assertEquals(HyperParameters.DEFAULT, m.hyperParameters());
        }
    }

    @Test
    void searchFindsBetterModelThanTheWorstSettingAndScoresDiffer() {
        CountryDataset data = CountryDataset.generate("FR", 600, 7);
        List<TrainedModel> results = CountryModelTrainer.search(data, HyperParameters.grid(24));
        assertEquals(24, results.size());
        Set<Double> accuracies = new TreeSet<>();
        Set<Double> aucs = new TreeSet<>();
        results.forEach(r -> {
            accuracies.add(r.validationAccuracy());
            aucs.add(r.validationAuc());
        });
        assertTrue(accuracies.size() >= 3, "accuracies " + accuracies);
        assertTrue(aucs.size() >= 3, "aucs " + aucs);
        TrainedModel best = CountryModelTrainer.best(results);
        for (TrainedModel r : results) {
            assertTrue(TrainedModel.BY_SCORE.compare(best, r) >= 0);
        }
        assertTrue(best.validationAccuracy() > data.validationMajorityRate() + 0.05);
    }

    @Test
    void bestHyperParametersDifferBetweenCountries() {
        List<HyperParameters> grid = HyperParameters.grid(16);
        Set<HyperParameters> bests = new HashSet<>();
        for (String country : CountryDataset.countryCodes(8)) {
            bests.add(
                    CountryModelTrainer.best(CountryModelTrainer.search(CountryDataset.generate(country, 600, 7), grid))
                            .hyperParameters());
        }
        assertTrue(bests.size() >= 2, "best settings " + bests);
    }

    @Test
    void trainingIsDeterministic() {
        CountryDataset data = CountryDataset.generate("BR", 600, 3);
        HyperParameters hp = HyperParameters.grid(5).get(4);
        CountryModelTrainer.Fitted a = CountryModelTrainer.fit(data, hp);
        CountryModelTrainer.Fitted b = CountryModelTrainer.fit(data, hp);
        assertEquals(a.result().validationAccuracy(), b.result().validationAccuracy());
        assertEquals(a.result().validationAuc(), b.result().validationAuc());
        CountryModel ma = CountryModel.load(a.result().model());
        CountryModel mb = CountryModel.load(b.result().model());
        for (double[] row : data.validationFeatures()) {
            assertEquals(ma.churnProbability(row), mb.churnProbability(row));
        }
    }

    @Test
    void ownMetricsAgreeWithTribuoLabelEvaluator() {
        CountryDataset data = CountryDataset.generate("IT", 600, 5);
        CountryModelTrainer.Fitted fitted = CountryModelTrainer.fit(data, HyperParameters.DEFAULT);
        var lf = CountryModelTrainer.LABEL_FACTORY;
        MutableDataset<Label> validation = new MutableDataset<>(new SimpleDataSourceProvenance("validation", lf), lf);
        String[] names = data.featureNames().toArray(String[]::new);
        for (int i = 0; i < data.validationSize(); i++) {
            validation.add(new ArrayExample<>(
                    new Label(CountryDataset.labelName(data.validationLabels()[i])),
                    names,
                    data.validationFeatures()[i]));
        }
        LabelEvaluation eval = new LabelEvaluator().evaluate(fitted.model(), validation);
        assertEquals(eval.accuracy(), fitted.result().validationAccuracy(), 1e-12);
        assertEquals(
                eval.AUCROC(CountryModelTrainer.CHURN_LABEL), fitted.result().validationAuc(), 1e-9);
    }

    @Test
    void aucHandlesTiesAndSingleClass() {
        assertEquals(1.0, CountryModelTrainer.auc(new double[] {0.1, 0.9}, new int[] {0, 1}));
        assertEquals(0.0, CountryModelTrainer.auc(new double[] {0.9, 0.1}, new int[] {0, 1}));
        assertEquals(0.5, CountryModelTrainer.auc(new double[] {0.5, 0.5}, new int[] {0, 1}));
        assertTrue(Double.isNaN(CountryModelTrainer.auc(new double[] {0.2, 0.3}, new int[] {1, 1})));
    }

    @Test
    void bestKeepsTheEarliestOnTies() {
        byte[] bytes = {1};
        HyperParameters h1 = HyperParameters.grid(2).get(0);
        HyperParameters h2 = HyperParameters.grid(2).get(1);
        TrainedModel a = new TrainedModel("DE", h1, 0.8, 0.85, bytes);
        TrainedModel b = new TrainedModel("DE", h2, 0.8, 0.85, bytes);
        TrainedModel c = new TrainedModel("DE", h2, 0.8, 0.90, bytes);
        assertSame(a, CountryModelTrainer.best(List.of(a, b)));
        assertSame(b, CountryModelTrainer.best(List.of(b, a)));
        assertSame(c, CountryModelTrainer.best(List.of(a, b, c)));
        assertThrows(IllegalArgumentException.class, () -> CountryModelTrainer.best(List.of()));
    }

    @Test
    void trainedModelJsonRoundTrip() throws Exception {
        TrainedModel m = CountryModelTrainer.train(CountryDataset.generate("NL", 600, 7), HyperParameters.DEFAULT);
        ObjectMapper mapper = new ObjectMapper();
        TrainedModel back = mapper.readValue(mapper.writeValueAsString(m), TrainedModel.class);
        assertEquals(m, back);
        CountryModel.load(back.model());
    }
}
