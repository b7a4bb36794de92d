package dev.cairn.warehouse.duckdb;

import dev.cairn.warehouse.JdbcWarehouse;
import dev.cairn.warehouse.Warehouse;
import dev.cairn.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the sample warehouse deterministically (same arguments, same rows):
 * {@code customers(country, customer_id)}, monthly {@code features(customer_id, feature_time,
 * tenure_months, monthly_spend, support_calls)} that drift over time, and one
 * {@code labels(customer_id, label_time, churned)} per customer, whose churn depends on the
 * features known at the label time.
 */
public final class SampleData {
    /** First feature snapshot; one snapshot per month after it. */
    public static final LocalDateTime START = LocalDateTime.of(2024, 1, 1, 0, 0);

    public static final int SNAPSHOTS = 6;

    private SampleData() {}

    public static void create(Warehouse warehouse, List<String> countries, int customersPerCountry, long seed) {
        if (!(warehouse instanceof JdbcWarehouse jdbc)) {
            throw new IllegalArgumentException("sample data needs a JDBC warehouse, got "
                    + warehouse.getClass().getName());
        }
        create(jdbc.connection(), countries, customersPerCountry, seed);
    }

    public static void create(Connection connection, List<String> countries, int customersPerCountry, long seed) {
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                st.execute(
                        "CREATE OR REPLACE TABLE customers (country VARCHAR NOT NULL, customer_id VARCHAR NOT NULL)");
                st.execute(
                        "CREATE OR REPLACE TABLE labels (customer_id VARCHAR NOT NULL, label_time TIMESTAMP NOT NULL, churned BOOLEAN NOT NULL)");
                st.execute(
                        "CREATE OR REPLACE TABLE features (customer_id VARCHAR NOT NULL, feature_time TIMESTAMP NOT NULL,"
                                + " tenure_months INTEGER NOT NULL, monthly_spend DOUBLE NOT NULL, support_calls INTEGER NOT NULL)");
            }
            try (PreparedStatement cust = connection.prepareStatement("INSERT INTO customers VALUES (?, ?)");
                    PreparedStatement feat =
                            connection.prepareStatement("INSERT INTO features VALUES (?, ?, ?, ?, ?)");
                    PreparedStatement lab = connection.prepareStatement("INSERT INTO labels VALUES (?, ?, ?)")) {
                for (String country : countries) {
                    // per-country stream: a country's rows do not depend on which other countries exist
                    SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + country.hashCode());
                    for (int i = 0; i < customersPerCountry; i++) {
                        String id = country + "-" + String.format("%06d", i);
                        cust.setString(1, country);
                        cust.setString(2, id);
                        cust.addBatch();
                        int tenure = rnd.nextInt(1, 60);
                        double spend = Math.round(rnd.nextDouble(10, 200) * 100) / 100.0;
                        double trend = rnd.nextDouble(-15, 10); // monthly spend drift
                        int calls = 0;
                        int lastCalls = 0;
                        double lastSpend = spend;
                        int lastTenure = tenure;
                        int labelMonth = rnd.nextInt(2, SNAPSHOTS); // label after at least two snapshots
                        for (int m = 0; m < SNAPSHOTS; m++) {
                            int t = tenure + m;
                            double s = Math.max(0, Math.round((spend + trend * m) * 100) / 100.0);
                            calls = Math.max(0, calls + rnd.nextInt(-1, 3));
                            feat.setString(1, id);
                            feat.setTimestamp(2, Timestamp.valueOf(START.plusMonths(m)));
                            feat.setInt(3, t);
                            feat.setDouble(4, s);
                            feat.setInt(5, calls);
                            feat.addBatch();
                            if (m < labelMonth) { // the snapshot known at the label time (label is mid-month
                                // labelMonth-1)
                                lastCalls = calls;
                                lastSpend = s;
                                lastTenure = t;
                            }
                        }
                        double z = -1.0
                                + 0.45 * lastCalls
                                - 0.04 * lastTenure
                                - 0.01 * (lastSpend - 100)
                                + rnd.nextGaussian() * 0.5;
                        lab.setString(1, id);
                        lab.setTimestamp(
                                2,
                                Timestamp.valueOf(
                                        START.plusMonths(labelMonth - 1).plusDays(14)));
                        lab.setBoolean(3, z > 0);
                        lab.addBatch();
                    }
                    cust.executeBatch();
                    feat.executeBatch();
                    lab.executeBatch();
                }
            }
            connection.commit();
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            throw new WarehouseException("creating sample data failed: " + e.getMessage(), e);
        }
    }
}
