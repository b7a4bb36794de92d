package dev.cairn.warehouse.duckdb;

import dev.cairn.warehouse.Dialect;
import dev.cairn.warehouse.EmbeddedSettings;
import dev.cairn.warehouse.Warehouse;
import dev.cairn.warehouse.WarehouseDriver;
import dev.cairn.warehouse.WarehouseSettings;

/** The embedded warehouse's driver, found by {@link Warehouse#open} through {@link java.util.ServiceLoader}. */
public final class DuckDbDriver implements WarehouseDriver {
    @Override
    public Dialect dialect() {
        return Dialect.DUCKDB;
    }

    @Override
    public Warehouse open(WarehouseSettings settings) {
        if (!(settings instanceof EmbeddedSettings embedded)) {
            throw new IllegalArgumentException("DuckDB opens embedded settings, not " + settings.dialect() + " ones");
        }
        return DuckDbWarehouse.open(embedded.database());
    }
}
