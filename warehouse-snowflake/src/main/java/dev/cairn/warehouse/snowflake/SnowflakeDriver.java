package dev.cairn.warehouse.snowflake;

import dev.cairn.warehouse.Dialect;
import dev.cairn.warehouse.SnowflakeSettings;
import dev.cairn.warehouse.Warehouse;
import dev.cairn.warehouse.WarehouseDriver;
import dev.cairn.warehouse.WarehouseSettings;

/** Snowflake's driver, found by {@link Warehouse#open} through {@link java.util.ServiceLoader}. */
public final class SnowflakeDriver implements WarehouseDriver {
    @Override
    public Dialect dialect() {
        return Dialect.SNOWFLAKE;
    }

    @Override
    public Warehouse open(WarehouseSettings settings) {
        if (!(settings instanceof SnowflakeSettings snowflake)) {
            throw new IllegalArgumentException(
                    "Snowflake opens Snowflake settings, not " + settings.dialect() + " ones");
        }
        return SnowflakeWarehouse.connect(snowflake);
    }
}
