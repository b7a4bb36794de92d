package dev.cairn.warehouse;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API module's own classpath holds no driver: what a project without one gets. */
class WarehouseTest {
    @Test
    void withoutTheDuckDbModuleTheEmbeddedWarehouseNamesTheModuleToAdd() {
        WarehouseException e = assertThrows(WarehouseException.class, () -> Warehouse.embedded(Path.of("wh.duckdb")));
        assertEquals(
                "no DUCKDB warehouse driver on the classpath: add the dependency dev.cairn:cairn-warehouse-duckdb",
                e.getMessage());
    }

    @Test
    void withoutTheSnowflakeModuleSnowflakeSettingsNameTheModuleToAdd() {
        WarehouseSettings snowflake = WarehouseSettings.fromEnv(Map.of("SNOWFLAKE_ACCOUNT", "myorg-acct1"));
        WarehouseException e = assertThrows(WarehouseException.class, () -> Warehouse.open(snowflake));
        assertTrue(e.getMessage().endsWith("add the dependency dev.cairn:cairn-warehouse-snowflake"), e.getMessage());
    }

    @Test
    void theEnvironmentNamesSnowflakeByAnySettingAndOtherwiseTheEmbeddedWarehouseInMemory() {
        assertEquals(EmbeddedSettings.inMemory(), WarehouseSettings.fromEnv(Map.of()));
        assertEquals(EmbeddedSettings.inMemory(), WarehouseSettings.fromEnv(Map.of("SNOWFLAKE_ROLE", " ")));
        WarehouseSettings some = WarehouseSettings.fromEnv(Map.of("SNOWFLAKE_ROLE", "ML"));
        assertEquals(Dialect.SNOWFLAKE, some.dialect());
        assertEquals("ML", ((SnowflakeSettings) some).role());
    }
}
