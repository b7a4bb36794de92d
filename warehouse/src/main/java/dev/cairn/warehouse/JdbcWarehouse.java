package dev.cairn.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Shared JDBC plumbing of the drivers: prepared statements, parameter binding and streamed reads. */
public abstract class JdbcWarehouse implements Warehouse {
    static final int FETCH_SIZE = 10_000;

    protected final Connection connection;

    protected JdbcWarehouse(Connection connection) {
        this.connection = connection;
    }

    /** The underlying JDBC connection (for loaders such as the DuckDB module's {@code SampleData}). */
    public Connection connection() {
        return connection;
    }

    protected static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    @Override
    public void stream(String sql, List<Object> params, RowConsumer consumer) {
        try (PreparedStatement ps =
                connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(FETCH_SIZE);
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                List<Column> columns = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    columns.add(new Column(md.getColumnLabel(i), md.getColumnTypeName(i)));
                }
                consumer.start(List.copyOf(columns));
                while (rs.next()) {
                    Object[] values = new Object[n];
                    for (int i = 0; i < n; i++) {
                        values[i] = plain(rs.getObject(i + 1));
                    }
                    consumer.row(values);
                }
            }
        } catch (WarehouseException e) {
            throw e;
        } catch (Exception e) {
            throw new WarehouseException("query failed: " + e.getMessage() + "\n  sql: " + sql, e);
        }
    }

    /** Times as ISO-8601 text, so a table is plain data that can be stored as an artifact. */
    static Object plain(Object value) {
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof java.sql.Time t) {
            return t.toLocalTime().toString();
        }
        if (value instanceof java.time.temporal.TemporalAccessor || value instanceof java.util.UUID) {
            return value.toString();
        }
        return value;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new WarehouseException("closing the connection failed", e);
        }
    }
}
