package dev.cairn.warehouse.duckdb;

import dev.cairn.warehouse.Dialect;
import dev.cairn.warehouse.JdbcWarehouse;
import dev.cairn.warehouse.SqlLiteral;
import dev.cairn.warehouse.UnloadResult;
import dev.cairn.warehouse.WarehouseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/** The embedded default: DuckDB in-process over its JDBC driver. */
public final class DuckDbWarehouse extends JdbcWarehouse {
    private static final AtomicLong TEMP_TABLES = new AtomicLong();

    private DuckDbWarehouse(Connection connection) {
        super(connection);
    }

    /** Opens (creating if absent) the DuckDB database file {@code db}; null for an in-memory database. */
    public static DuckDbWarehouse open(Path db) {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            if (db != null && db.toAbsolutePath().getParent() != null) {
                Files.createDirectories(db.toAbsolutePath().getParent());
            }
            Properties props = new Properties();
            // stream results chunk by chunk instead of materializing the whole result first
            props.setProperty("jdbc_stream_results", "true");
            String url = db == null ? "jdbc:duckdb:" : "jdbc:duckdb:" + db.toAbsolutePath();
            return new DuckDbWarehouse(DriverManager.getConnection(url, props));
        } catch (ClassNotFoundException | SQLException | IOException e) {
            throw new WarehouseException("cannot open DuckDB database " + db + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Dialect dialect() {
        return Dialect.DUCKDB;
    }

    /** The statement {@link #unload} runs (without parameters): {@code COPY (sql) TO '<file>' (FORMAT PARQUET)}. */
    static String copySql(String sql, Path file) {
        return "COPY (" + sql + ") TO " + SqlLiteral.quote(file.toAbsolutePath().toString()) + " (FORMAT PARQUET)";
    }

    /**
     * Writes {@code destinationFolder/part.parquet}. DuckDB does not accept bound parameters inside
     * COPY, so a parameterized query is first materialized into a temp table through a prepared
     * {@code CREATE TEMP TABLE ... AS SELECT}, then copied.
     */
    @Override
    public UnloadResult unload(String sql, List<Object> params, Path destinationFolder) {
        Path file = destinationFolder.toAbsolutePath().resolve("part.parquet");
        try {
            Files.createDirectories(destinationFolder);
            if (params.isEmpty()) {
                try (Statement st = connection.createStatement()) {
                    st.execute(copySql(sql, file));
                }
            } else {
                String temp = "cairn_unload_" + TEMP_TABLES.incrementAndGet();
                try (PreparedStatement ps = connection.prepareStatement("CREATE TEMP TABLE " + temp + " AS " + sql)) {
                    bind(ps, params);
                    ps.execute();
                }
                try (Statement st = connection.createStatement()) {
                    st.execute(copySql("SELECT * FROM " + temp, file));
                } finally {
                    try (Statement st = connection.createStatement()) {
                        st.execute("DROP TABLE IF EXISTS " + temp);
                    }
                }
            }
            long rows;
            try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM read_parquet(?)")) {
                ps.setString(1, file.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                }
            }
            return new UnloadResult(destinationFolder.toAbsolutePath().toString(), List.of(file.toString()), rows);
        } catch (SQLException | IOException e) {
            throw new WarehouseException("unload failed: " + e.getMessage() + "\n  sql: " + sql, e);
        }
    }
}
