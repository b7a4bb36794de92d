package dev.cairn.warehouse;

/**
 * Opens the warehouses of one dialect. A driver module names its implementation in
 * {@code META-INF/services/dev.cairn.warehouse.WarehouseDriver}, and {@link Warehouse#open} finds it with
 * {@link java.util.ServiceLoader}: the API compiles without any driver, and a project carries only the drivers
 * (DuckDB's and Snowflake's JDBC jars are large) of the warehouses it reads.
 */
public interface WarehouseDriver {

    /** The dialect of the warehouses this driver opens. */
    Dialect dialect();

    /** Opens the warehouse {@code settings} describe; they are of this driver's {@link #dialect()}. */
    Warehouse open(WarehouseSettings settings);
}
