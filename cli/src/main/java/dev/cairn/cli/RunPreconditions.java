package dev.cairn.cli;

import dev.cairn.warehouse.WarehouseSettings;
import java.util.Map;

/**
 * What a local run needs from its environment, checked by {@code run} and {@code resume} before the run starts, so a
 * setting that is wrong fails the command (exit 2, no run record) instead of a task half way through the run.
 */
final class RunPreconditions {
    private RunPreconditions() {}

    static void check(Map<String, String> env) {
        try {
            WarehouseSettings.checkedFromEnv(env);
        } catch (IllegalStateException e) {
            throw new UserError("the run did not start: " + e.getMessage()
                    + ". Set them, or unset every SNOWFLAKE_* variable to read the embedded DuckDB warehouse");
        }
    }
}
