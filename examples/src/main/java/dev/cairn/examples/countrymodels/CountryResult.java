package dev.cairn.examples.countrymodels;

/**
 * One row of the summary table: a country's best model.
 *
 * @param settingsTried  how many hyperparameter settings were searched
 * @param majorityRate   accuracy of always guessing the larger class, to compare the model with
 */
public record CountryResult(
        String country,
        double accuracy,
        double auc,
        double majorityRate,
        int settingsTried,
        double learningRate,
        double l2,
        int epochs,
        int minibatchSize) {

    static CountryResult of(TrainedModel best, double majorityRate, int settingsTried) {
        HyperParameters hp = best.hyperParameters();
        return new CountryResult(
                best.country(),
                round(best.validationAccuracy()),
                round(best.validationAuc()),
                round(majorityRate),
                settingsTried,
                hp.learningRate(),
                hp.l2(),
                hp.epochs(),
                hp.minibatchSize());
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
