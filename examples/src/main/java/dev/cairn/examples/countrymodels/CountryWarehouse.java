package dev.cairn.examples.countrymodels;

import dev.cairn.flow.TaskInfo;
import dev.cairn.warehouse.EmbeddedSettings;
import dev.cairn.warehouse.PointInTime;
import dev.cairn.warehouse.Table;
import dev.cairn.warehouse.UnloadResult;
import dev.cairn.warehouse.Warehouse;
import dev.cairn.warehouse.WarehouseSettings;
import dev.cairn.warehouse.duckdb.SampleData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a country's training data comes from: Snowflake when its settings are in the environment,
 * otherwise the embedded default, an in-memory DuckDB holding that country's deterministic sample
 * (so every task, local or in a Batch job, builds its own without sharing a file).
 */
final class CountryWarehouse {
    static final List<String> FEATURES = List.of("tenure_months", "monthly_spend", "support_calls");
    /** The extract's folder among the task's files. */
    static final String EXTRACT = "training-set";

    private CountryWarehouse() {}

    /**
     * A country's training set and, from the embedded warehouse, its extract as Parquet among the task's
     * files (the run keeps a pointer to it; Snowflake's route to the datastore is COPY INTO through the
     * storage integration instead).
     */
    record Extract(CountryDataset dataset, UnloadResult parquet) {}

    /** The country's labels joined to the features known at each label's time (never later ones). */
    static Extract trainingSet(String country, int customers, long seed, TaskInfo task) {
        WarehouseSettings settings = WarehouseSettings.fromEnv(System.getenv());
        boolean embedded = settings instanceof EmbeddedSettings;
        try (Warehouse warehouse = Warehouse.open(settings)) {
            if (embedded) {
                SampleData.create(warehouse, List.of(country), customers, seed);
            }
            String sql = PointInTime.trainingSetSql(warehouse.dialect());
            Table rows = warehouse.query(sql, country);
            UnloadResult parquet = embedded
                    ? warehouse
                            .unload(sql, List.of(country), Path.of(task.filesFolder(), EXTRACT))
                            .relocated(task.filesLocation() + "/" + EXTRACT)
                    : null;
            return new Extract(dataset(country, seed, rows), parquet);
        }
    }

    private static CountryDataset dataset(String country, long seed, Table rows) {
        int n = rows.rowCount();
        if (n < CountryDataset.MIN_ROWS) {
            throw new IllegalStateException("the warehouse has " + n + " labelled customers for " + country
                    + ": at least " + CountryDataset.MIN_ROWS + " are needed to train and validate");
        }
        List<double[]> features = new ArrayList<>(n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double[] x = new double[FEATURES.size()];
            for (int f = 0; f < x.length; f++) {
                x[f] = ((Number) rows.value(i, FEATURES.get(f))).doubleValue();
            }
            features.add(x);
            labels[i] =
                    Boolean.TRUE.equals(rows.value(i, "churned")) ? CountryDataset.CHURN_ID : CountryDataset.STAY_ID;
        }
        int train = (int) Math.round(n * CountryDataset.TRAIN_FRACTION);
        return new CountryDataset(
                country,
                seed,
                FEATURES,
                features.subList(0, train).toArray(double[][]::new),
                java.util.Arrays.copyOfRange(labels, 0, train),
                features.subList(train, n).toArray(double[][]::new),
                java.util.Arrays.copyOfRange(labels, train, n));
    }
}
