package dev.cairn.warehouse;

import java.util.Map;

/** Which warehouse to open and how to reach it; {@link Warehouse#open} finds the driver of its dialect. */
public sealed interface WarehouseSettings permits EmbeddedSettings, SnowflakeSettings {

    /** The warehouse these settings describe, and so the driver module that opens it. */
    Dialect dialect();

    /**
     * Snowflake when any {@code SNOWFLAKE_*} variable is set (incomplete settings fail on open, naming what is
     * missing), otherwise the embedded default in memory: a step runs without any warehouse configured.
     */
    static WarehouseSettings fromEnv(Map<String, String> env) {
        SnowflakeSettings snowflake = SnowflakeSettings.fromEnv(env);
        return snowflake.isEmpty() ? EmbeddedSettings.inMemory() : snowflake;
    }

    /**
     * {@link #fromEnv}, refusing half-set Snowflake settings at once rather than when a step opens the warehouse: what
     * a command checks before a run starts.
     *
     * @throws IllegalStateException naming every missing {@code SNOWFLAKE_*} variable (or the placeholders still set)
     */
    static WarehouseSettings checkedFromEnv(Map<String, String> env) {
        WarehouseSettings settings = fromEnv(env);
        if (settings instanceof SnowflakeSettings snowflake) {
            snowflake.requireComplete();
        }
        return settings;
    }
}
