package dev.cairn.warehouse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings land in logs and error messages through toString: the private key never does. */
class SettingsSecretsTest {
    private static final String KEY =
            "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n"
                    + "-----END PRIVATE KEY-----";

    @Test
    void snowflakeSettingsPrintEverySettingButThePrivateKey() {
        SnowflakeSettings settings = SnowflakeSettings.fromEnv(Map.of(
                "SNOWFLAKE_ACCOUNT", "xy12345",
                "SNOWFLAKE_USER", "CAIRN_SVC",
                "SNOWFLAKE_PRIVATE_KEY", KEY));

        String text = settings.toString();

        assertFalse(text.contains("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"), text);
        assertFalse(text.contains("PRIVATE KEY"), text);
        assertTrue(text.contains("account=xy12345") && text.contains("user=CAIRN_SVC"), text);
        assertTrue(text.contains("privateKeyPem=(hidden)"), text);
    }
}
