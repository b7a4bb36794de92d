package dev.cairn.warehouse.snowflake;

import static org.junit.jupiter.api.Assertions.*;

import dev.cairn.warehouse.SnowflakeSettings;
import dev.cairn.warehouse.Warehouse;
import dev.cairn.warehouse.WarehouseSettings;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SnowflakeWarehouseTest {
    private static final Map<String, String> ENV = Map.of(
            "SNOWFLAKE_ACCOUNT",
            "myorg-acct1",
            "SNOWFLAKE_USER",
            "CAIRN_SVC",
            "SNOWFLAKE_ROLE",
            "CAIRN_ROLE",
            "SNOWFLAKE_WAREHOUSE",
            "ML_WH",
            "SNOWFLAKE_DATABASE",
            "CRM",
            "SNOWFLAKE_SCHEMA",
            "PUBLIC",
            "SNOWFLAKE_PRIVATE_KEY_FILE",
            "/secrets/rsa_key.p8");

    @Test
    void driverLoads() throws Exception {
        Class<?> driver = Class.forName(SnowflakeWarehouse.DRIVER);
        assertTrue(java.sql.Driver.class.isAssignableFrom(driver));
        assertTrue(((java.sql.Driver) driver.getDeclaredConstructor().newInstance())
                .acceptsURL("jdbc:snowflake://x.snowflakecomputing.com/"));
    }

    @Test
    void connectionPropertiesWithKeyFile() {
        SnowflakeSettings s = SnowflakeSettings.fromEnv(ENV);
        assertEquals("jdbc:snowflake://myorg-acct1.snowflakecomputing.com/", SnowflakeWarehouse.jdbcUrl(s));
        Properties p = SnowflakeWarehouse.properties(s);
        assertEquals("CAIRN_SVC", p.getProperty("user"));
        assertEquals("CAIRN_ROLE", p.getProperty("role"));
        assertEquals("ML_WH", p.getProperty("warehouse"));
        assertEquals("CRM", p.getProperty("db"));
        assertEquals("PUBLIC", p.getProperty("schema"));
        assertEquals("SNOWFLAKE_JWT", p.getProperty("authenticator"));
        assertEquals(Path.of("/secrets/rsa_key.p8").toAbsolutePath().toString(), p.getProperty("private_key_file"));
        assertNull(p.get("privateKey"));
        assertNull(p.getProperty("password"));
    }

    @Test
    void connectionPropertiesWithPemFromEnv() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        PrivateKey key = gen.generateKeyPair().getPrivate();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        var env = new java.util.HashMap<>(ENV);
        env.remove("SNOWFLAKE_PRIVATE_KEY_FILE");
        env.put("SNOWFLAKE_PRIVATE_KEY", pem);
        Properties p = SnowflakeWarehouse.properties(SnowflakeSettings.fromEnv(env));
        assertEquals(key, p.get("privateKey"));
        assertNull(p.getProperty("private_key_file"));
        assertThrows(
                IllegalArgumentException.class,
                () -> SnowflakeWarehouse.parsePrivateKey("-----BEGIN RSA PRIVATE KEY-----\nabc\n"));
    }

    @Test
    void incompleteSettingsNameWhatIsMissing() {
        var env = new java.util.HashMap<>(ENV);
        env.remove("SNOWFLAKE_WAREHOUSE");
        env.remove("SNOWFLAKE_PRIVATE_KEY_FILE");
        SnowflakeSettings s = SnowflakeSettings.fromEnv(env);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SnowflakeWarehouse.connect(s));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "Snowflake settings incomplete, missing: SNOWFLAKE_WAREHOUSE, SNOWFLAKE_PRIVATE_KEY_FILE or SNOWFLAKE_PRIVATE_KEY ("),
                e.getMessage());
        assertTrue(e.getMessage().contains("SnowflakeCredentialsSecretArn"), e.getMessage());
        assertTrue(SnowflakeSettings.fromEnv(Map.of()).isEmpty());
        assertFalse(s.isEmpty());
    }

    @Test
    void snowflakeSettingsFromTheEnvironmentReachTheSnowflakeDriver() {
        var env = new java.util.HashMap<>(ENV);
        env.remove("SNOWFLAKE_PRIVATE_KEY_FILE");
        // found through the API (no account needed): connect checks the settings before any network call
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Warehouse.open(WarehouseSettings.fromEnv(env)));
        assertTrue(
                e.getMessage().startsWith("Snowflake settings incomplete, missing: SNOWFLAKE_PRIVATE_KEY_FILE"),
                e.getMessage());
    }

    @Test
    void credentialsStillHoldingTheSecretsPlaceholderNameTheSecretToFill() {
        // what a job gets from the platform's credentials secret before anyone put the real values in
        var env = new java.util.HashMap<>(ENV);
        env.remove("SNOWFLAKE_PRIVATE_KEY_FILE");
        env.put("SNOWFLAKE_ACCOUNT", SnowflakeSettings.PLACEHOLDER);
        env.put("SNOWFLAKE_USER", SnowflakeSettings.PLACEHOLDER);
        env.put("SNOWFLAKE_PRIVATE_KEY", SnowflakeSettings.PLACEHOLDER);
        SnowflakeSettings s = SnowflakeSettings.fromEnv(env);
        assertFalse(s.isEmpty(), "not the embedded default: the job was meant to reach Snowflake");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SnowflakeWarehouse.connect(s));
        assertTrue(
                e.getMessage()
                        .startsWith("Snowflake credentials not set: SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, "
                                + "SNOWFLAKE_PRIVATE_KEY hold REPLACE_ME"),
                e.getMessage());
        assertTrue(e.getMessage().contains("SnowflakeCredentialsSecretArn"), e.getMessage());
    }

    @Test
    void unloadSql() {
        assertEquals(
                "COPY INTO 's3://cairn-data/runs/r1/extract/' FROM (SELECT * FROM labels WHERE country = ?)"
                        + " STORAGE_INTEGRATION = CAIRN_S3 FILE_FORMAT = (TYPE = PARQUET) HEADER = TRUE",
                SnowflakeWarehouse.unloadSql(
                        "SELECT * FROM labels WHERE country = ?", "s3://cairn-data/runs/r1/extract/", "CAIRN_S3"));
        assertTrue(SnowflakeWarehouse.unloadSql("SELECT 1", "s3://b/it's/", "I").contains("'s3://b/it''s/'"));
        assertThrows(IllegalArgumentException.class, () -> SnowflakeWarehouse.unloadSql("SELECT 1", "/tmp/x", "I"));
        assertThrows(
                IllegalArgumentException.class, () -> SnowflakeWarehouse.unloadSql("SELECT 1", "s3://b/", "I; DROP"));
    }
}
