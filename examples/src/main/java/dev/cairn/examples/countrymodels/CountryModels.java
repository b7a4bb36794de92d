package dev.cairn.examples.countrymodels;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Resources;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;
import dev.cairn.warehouse.UnloadResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A churn model per country, each with its own hyperparameter search; the best per country wins.
 * Training data comes from the warehouse: each label joined to the features known at its time
 * (Snowflake when configured, an embedded DuckDB sample otherwise).
 *
 * <pre>
 * start -> foreach country -> foreach setting -> train -> bestPerCountry -> summary -> end
 * </pre>
 *
 * {@code cairn run CountryModels --countries 200 --settings 100} is 20,000 trainings.
 */
@Flow(project = "demo")
public class CountryModels extends FlowSpec {
    @Parameter(help = "countries to train a model for")
    int countries = 3;

    @Parameter(help = "hyperparameter settings tried per country")
    int settings = 4;

    @Parameter(help = "customers per country in the embedded sample warehouse")
    int rows = 600;

    @Parameter(help = "seed of the sample warehouse's data")
    long seed = 7;

    List<String> countryCodes;
    List<HyperParameters> grid;
    String country;
    CountryDataset data;
    UnloadResult trainingSetFiles;
    HyperParameters setting;
    double accuracy;
    double auc;
    TrainedModel best;
    Map<String, Double> scoreBySetting;
    List<CountryResult> summary;
    Map<String, TrainedModel> bestModels;

    @Step(foreach = "countryCodes", next = "country")
    public void start() {
        if (countries < 1 || settings < 1) {
            throw new IllegalArgumentException("--countries and --settings must be at least 1");
        }
        countryCodes = CountryDataset.countryCodes(countries);
        grid = HyperParameters.grid(settings);
    }

    @Step(foreach = "grid", next = "train")
    public void country() {
        country = input(String.class);
        CountryWarehouse.Extract extract = CountryWarehouse.trainingSet(country, rows, seed, current());
        data = extract.dataset();
        trainingSetFiles = extract.parquet();
    }

    @Step(next = "bestPerCountry")
    @Resources(cpu = 1, memoryMb = 2048)
    @Retry(times = 2, backoffSeconds = 1)
    public void train() {
        setting = input(HyperParameters.class);
        TrainedModel model = CountryModelTrainer.train(data, setting);
        accuracy = model.validationAccuracy();
        auc = model.validationAuc();
    }

    @Step(next = "summary")
    public void bestPerCountry(Inputs<CountryModels> inputs) {
        CountryModels first = inputs.get(0);
        CountryModels top = first;
        scoreBySetting = new LinkedHashMap<>();
        List<String> settingNames = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        for (CountryModels run : inputs) {
            scoreBySetting.put(run.setting.toString(), run.accuracy);
            settingNames.add(run.setting.toString());
            accuracies.add(run.accuracy);
            if (run.accuracy > top.accuracy || run.accuracy == top.accuracy && run.auc > top.auc) {
                top = run;
            }
        }
        country = first.country;
        data = first.data;
        // trainings are deterministic: train the winner again rather than keep every model of the search
        best = CountryModelTrainer.train(data, top.setting);
        card().categoryChart(
                        "validation accuracy per hyperparameter setting",
                        "setting",
                        settingNames,
                        Map.of(country, accuracies));
    }

    @Step(next = "end")
    public void summary(Inputs<CountryModels> inputs) {
        summary = new ArrayList<>();
        bestModels = new LinkedHashMap<>();
        for (CountryModels c : inputs) {
            summary.add(CountryResult.of(c.best, c.data.validationMajorityRate(), c.scoreBySetting.size()));
            bestModels.put(c.country, c.best);
        }
        card().markdown("Best model per country, chosen by validation accuracy (ties by AUC).")
                .table("best model per country", summary);
    }

    @Step
    public void end() {
        double mean =
                summary.stream().mapToDouble(CountryResult::accuracy).average().orElse(Double.NaN);
        System.out.printf("%d countries, mean validation accuracy of the best models %.3f%n", summary.size(), mean);
    }
}
