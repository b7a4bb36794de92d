package dev.cairn.warehouse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Read access to the warehouse that owns the master data. Values reach SQL only as bound
 * parameters ({@code ?}), never by string concatenation.
 */
public interface Warehouse extends AutoCloseable {

    /** Runs {@code sql} with bound {@code params} and reads the whole result into memory. */
    default Table query(String sql, Object... params) {
        List<Column>[] columns = new List[1];
        List<List<Object>> rows = new ArrayList<>();
        stream(sql, List.of(params), new RowConsumer() {
            @Override
            public void start(List<Column> cols) {
                columns[0] = cols;
            }

            @Override
            public void row(Object[] values) {
                rows.add(java.util.Arrays.asList(values));
            }
        });
        return new Table(columns[0], rows);
    }

    /**
     * Runs {@code sql} with bound {@code params} and hands each row to {@code consumer} as it is
     * fetched (driver fetch size set), so a result larger than the heap can be processed.
     */
    void stream(String sql, List<Object> params, RowConsumer consumer);

    /** Writes the result of {@code sql} as Parquet file(s) under {@code destinationFolder}. */
    UnloadResult unload(String sql, List<Object> params, Path destinationFolder);

    Dialect dialect();

    @Override
    void close();

    /**
     * An embedded DuckDB warehouse in the database file {@code db} (created if absent; null: in memory). Needs
     * {@code cairn-warehouse-duckdb} on the classpath.
     */
    static Warehouse embedded(Path db) {
        return open(new EmbeddedSettings(db));
    }

    /**
     * The warehouse {@code settings} describe, opened by the driver of their dialect found on the classpath; a
     * {@link WarehouseException} names the module to add when there is none.
     */
    static Warehouse open(WarehouseSettings settings) {
        return WarehouseDrivers.find(settings.dialect()).open(settings);
    }
}
