package dev.cairn.warehouse.duckdb;

import static org.junit.jupiter.api.Assertions.*;

import dev.cairn.warehouse.Dialect;
import dev.cairn.warehouse.PointInTime;
import dev.cairn.warehouse.Table;
import dev.cairn.warehouse.UnloadResult;
import dev.cairn.warehouse.Warehouse;
import dev.cairn.warehouse.WarehouseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbWarehouseTest {
    @TempDir
    Path dir;

    private Warehouse sample() {
        Warehouse wh = Warehouse.embedded(dir.resolve("wh.duckdb"));
        SampleData.create(wh, List.of("DE", "FR", "US"), 200, 42);
        return wh;
    }

    @Test
    void withoutSnowflakeSettingsTheEnvironmentOpensTheEmbeddedWarehouseThroughItsDriver() {
        try (Warehouse wh = Warehouse.open(WarehouseSettings.fromEnv(Map.of()))) {
            assertInstanceOf(DuckDbWarehouse.class, wh);
            assertEquals(Dialect.DUCKDB, wh.dialect());
            assertEquals(42, wh.query("SELECT 42 AS answer").value(0, "answer"));
        }
    }

    @Test
    void realQueriesReturnTypedTables() {
        try (Warehouse wh = sample()) {
            Table t = wh.query("SELECT country, count(*) AS n FROM customers GROUP BY country ORDER BY country");
            assertEquals(List.of("country", "n"), t.columnNames());
            assertEquals("VARCHAR", t.columns().get(0).type());
            assertEquals("BIGINT", t.columns().get(1).type());
            assertEquals(3, t.rowCount());
            assertEquals("DE", t.value(0, "country"));
            assertEquals(200L, t.value(0, "n"));
            Table f = wh.query("SELECT count(*) FROM features");
            assertEquals(3L * 200 * SampleData.SNAPSHOTS, f.rows().get(0).get(0));
        }
    }

    @Test
    void sampleDataIsDeterministicPerCountry() {
        String sql = "SELECT sum(monthly_spend), sum(support_calls), sum(CASE WHEN churned THEN 1 ELSE 0 END)"
                + " FROM features JOIN labels USING (customer_id) WHERE customer_id LIKE 'FR-%'";
        List<Object> a;
        try (Warehouse wh = sample()) {
            a = wh.query(sql).rows().get(0);
            long churned = ((Number) wh.query("SELECT count(*) FROM labels WHERE churned")
                            .rows()
                            .get(0)
                            .get(0))
                    .longValue();
            assertTrue(churned > 20 && churned < 580, "both classes present: " + churned);
        }
        try (Warehouse wh = Warehouse.embedded(dir.resolve("other.duckdb"))) {
            SampleData.create(wh, List.of("FR"), 200, 42);
            assertEquals(a, wh.query(sql).rows().get(0));
        }
    }

    @Test
    void parametersAreBoundNotConcatenated() {
        try (Warehouse wh = sample()) {
            assertEquals(
                    200,
                    wh.query("SELECT customer_id FROM customers WHERE country = ?", "US")
                            .rowCount());
            Table injected = wh.query("SELECT customer_id FROM customers WHERE country = ?", "' OR 1=1 --");
            assertEquals(0, injected.rowCount());
            Table quoted = wh.query("SELECT ? AS v", "it's '; DROP TABLE customers; --");
            assertEquals("it's '; DROP TABLE customers; --", quoted.value(0, "v"));
            assertEquals(
                    600L,
                    wh.query("SELECT count(*) FROM customers").rows().get(0).get(0));
        }
    }

    @Test
    void streamsTwoMillionRowsWithoutCollectingThem() {
        try (Warehouse wh = Warehouse.embedded(dir.resolve("big.duckdb"))) {
            long[] count = {0};
            long[] sum = {0};
            wh.stream("SELECT range AS i, 'row-' || range AS s FROM range(?)", List.of(2_000_000L), values -> {
                count[0]++;
                sum[0] += (Long) values[0];
            });
            assertEquals(2_000_000L, count[0]);
            assertEquals(2_000_000L * 1_999_999L / 2, sum[0]);
        }
    }

    @Test
    void unloadWritesParquetReadBackWithEqualCounts() throws Exception {
        try (Warehouse wh = sample()) {
            Path out = dir.resolve("it's unload"); // a quote in the path must be escaped
            UnloadResult r = wh.unload("SELECT * FROM features WHERE customer_id LIKE ?", List.of("DE-%"), out);
            assertEquals(200L * SampleData.SNAPSHOTS, r.rows());
            assertTrue(Files.size(out.resolve("part.parquet")) > 0);
            Table back = wh.query(
                    "SELECT count(*), count(DISTINCT customer_id) FROM read_parquet(?)",
                    r.files().get(0));
            assertEquals(List.of(200L * SampleData.SNAPSHOTS, 200L), back.rows().get(0));

            UnloadResult all = wh.unload("SELECT * FROM customers", List.of(), dir.resolve("all"));
            assertEquals(600L, all.rows());
            assertEquals(
                    wh.query("SELECT count(*) FROM customers").rows().get(0),
                    wh.query("SELECT count(*) FROM read_parquet(?)", all.files().get(0))
                            .rows()
                            .get(0));
        }
    }

    @Test
    void asofJoinNeverUsesAFeatureWrittenAfterTheLabel() {
        try (Warehouse wh = sample()) {
            DuckDbWarehouse duck = (DuckDbWarehouse) wh;
            LocalDateTime label = LocalDateTime.of(2030, 3, 15, 12, 0);
            exec(duck, "INSERT INTO customers VALUES ('ZZ', 'ZZ-1')");
            insertFeature(duck, "ZZ-1", label.minusDays(30), 10, 50.0, 1);
            insertFeature(duck, "ZZ-1", label.minusSeconds(1), 11, 55.0, 2); // latest known at label time
            insertFeature(duck, "ZZ-1", label.plusSeconds(1), 99, 999.0, 42); // written after: must not be used
            exec(duck, "INSERT INTO labels VALUES ('ZZ-1', TIMESTAMP '2030-03-15 12:00:00', TRUE)");

            Table t = wh.query(PointInTime.trainingSetSql(Dialect.DUCKDB), "ZZ");
            assertEquals(1, t.rowCount());
            assertEquals(11, t.value(0, "tenure_months"));
            assertEquals(55.0, t.value(0, "monthly_spend"));
            assertEquals(2, t.value(0, "support_calls"));

            // the sample data: every training row's feature is at or before its label, and is the latest such
            Table check = wh.query(
                    "SELECT count(*) FROM (" + PointInTime.trainingSetSql(Dialect.DUCKDB) + ") t"
                            + " WHERE feature_time > label_time OR EXISTS (SELECT 1 FROM features f WHERE f.customer_id = t.customer_id"
                            + " AND f.feature_time > t.feature_time AND f.feature_time <= t.label_time)",
                    "DE");
            assertEquals(0L, check.rows().get(0).get(0));
            assertEquals(
                    200,
                    wh.query(PointInTime.trainingSetSql(Dialect.DUCKDB), "DE").rowCount());
        }
    }

    private static void exec(DuckDbWarehouse wh, String sql) {
        try (var st = wh.connection().createStatement()) {
            st.execute(sql);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private static void insertFeature(
            DuckDbWarehouse wh, String id, LocalDateTime t, int tenure, double spend, int calls) {
        try (var ps = wh.connection().prepareStatement("INSERT INTO features VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setTimestamp(2, Timestamp.valueOf(t));
            ps.setInt(3, tenure);
            ps.setDouble(4, spend);
            ps.setInt(5, calls);
            ps.executeUpdate();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
