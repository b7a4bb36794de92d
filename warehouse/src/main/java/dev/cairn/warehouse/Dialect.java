package dev.cairn.warehouse;

/**
 * The warehouses Cairn reads: their SQL differences the helpers care about (ASOF JOIN syntax, unload
 * statements), and the module whose driver opens each.
 */
public enum Dialect {
    /** {@code ASOF JOIN f ON l.k = f.k AND l.t >= f.t} */
    DUCKDB("cairn-warehouse-duckdb"),
    /** {@code ASOF JOIN f MATCH_CONDITION (l.t >= f.t) ON l.k = f.k} */
    SNOWFLAKE("cairn-warehouse-snowflake");

    private final String driverModule;

    Dialect(String driverModule) {
        this.driverModule = driverModule;
    }

    /** The artifact (group {@code dev.cairn}) that provides this dialect's {@link WarehouseDriver}. */
    public String driverModule() {
        return driverModule;
    }
}
