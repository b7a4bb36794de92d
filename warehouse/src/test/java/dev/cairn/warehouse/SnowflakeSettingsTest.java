package dev.cairn.warehouse;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnowflakeSettingsTest {
    private static final Map<String, String> ENV = Map.of(
            "SNOWFLAKE_USER", "CAIRN_SVC",
            "SNOWFLAKE_ROLE", "CAIRN_ROLE",
            "SNOWFLAKE_WAREHOUSE", "ML_WH",
            "SNOWFLAKE_DATABASE", "CRM",
            "SNOWFLAKE_SCHEMA", "PUBLIC");

    @Test
    void emptyCredentialsPointAtTheSecret() {
        var env = new HashMap<>(ENV);
        env.put("SNOWFLAKE_ACCOUNT", "");
        env.put("SNOWFLAKE_PRIVATE_KEY", "");
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> SnowflakeSettings.fromEnv(env).requireComplete());
        assertTrue(
                e.getMessage()
                        .contains("missing: SNOWFLAKE_ACCOUNT, SNOWFLAKE_PRIVATE_KEY_FILE or SNOWFLAKE_PRIVATE_KEY"),
                e.getMessage());
        assertTrue(e.getMessage().contains("credentials secret"), e.getMessage());
    }

    @Test
    void completeSettingsPassAndNameNothingMissing() {
        var env = new HashMap<>(ENV);
        env.put("SNOWFLAKE_ACCOUNT", "myorg-acct1");
        env.put("SNOWFLAKE_PRIVATE_KEY_FILE", "/secrets/rsa_key.p8");
        SnowflakeSettings s = SnowflakeSettings.fromEnv(env);
        assertSame(s, s.requireComplete());
        assertTrue(s.missing().isEmpty());
    }
}
