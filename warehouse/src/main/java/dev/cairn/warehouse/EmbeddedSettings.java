package dev.cairn.warehouse;

import java.nio.file.Path;

/** The embedded DuckDB warehouse in the database file {@code database} (created if absent); null: in memory. */
public record EmbeddedSettings(Path database) implements WarehouseSettings {

    public static EmbeddedSettings inMemory() {
        return new EmbeddedSettings(null);
    }

    @Override
    public Dialect dialect() {
        return Dialect.DUCKDB;
    }
}
