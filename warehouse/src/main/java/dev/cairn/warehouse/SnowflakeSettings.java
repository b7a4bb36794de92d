package dev.cairn.warehouse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Connection settings for Snowflake with key-pair authentication. The private key comes from a
 * file ({@code privateKeyFile}) or as PKCS#8 PEM text ({@code privateKeyPem}, e.g. from an
 * environment variable locally or the platform stack's Secrets Manager secret in the cloud).
 */
public record SnowflakeSettings(
        String account,
        String user,
        String role,
        String warehouse,
        String database,
        String schema,
        Path privateKeyFile,
        String privateKeyPem)
        implements WarehouseSettings {

    public static final String ENV_ACCOUNT = "SNOWFLAKE_ACCOUNT";
    public static final String ENV_USER = "SNOWFLAKE_USER";
    public static final String ENV_ROLE = "SNOWFLAKE_ROLE";
    public static final String ENV_WAREHOUSE = "SNOWFLAKE_WAREHOUSE";
    public static final String ENV_DATABASE = "SNOWFLAKE_DATABASE";
    public static final String ENV_SCHEMA = "SNOWFLAKE_SCHEMA";
    public static final String ENV_PRIVATE_KEY_FILE = "SNOWFLAKE_PRIVATE_KEY_FILE";
    public static final String ENV_PRIVATE_KEY = "SNOWFLAKE_PRIVATE_KEY";
    /**
     * The value of every field of the platform stack's Snowflake credentials secret until someone puts the
     * real ones in (the cdk module's {@code SnowflakeLink.PLACEHOLDER}, kept equal by a test there).
     */
    public static final String PLACEHOLDER = "REPLACE_ME";
    /** Where a Batch job's account, user and private key come from, for errors that ask to fix them. */
    private static final String SECRET_HINT = "the platform stack's Snowflake credentials secret (stack output "
            + "SnowflakeCredentialsSecretArn; cdk/DEPLOY.md, \"Snowflake link, in order\")";

    /** Settings from environment variables (SNOWFLAKE_ACCOUNT, ..., SNOWFLAKE_PRIVATE_KEY_FILE or SNOWFLAKE_PRIVATE_KEY). */
    public static SnowflakeSettings fromEnv(Map<String, String> env) {
        String file = blankToNull(env.get(ENV_PRIVATE_KEY_FILE));
        return new SnowflakeSettings(
                blankToNull(env.get(ENV_ACCOUNT)),
                blankToNull(env.get(ENV_USER)),
                blankToNull(env.get(ENV_ROLE)),
                blankToNull(env.get(ENV_WAREHOUSE)),
                blankToNull(env.get(ENV_DATABASE)),
                blankToNull(env.get(ENV_SCHEMA)),
                file == null ? null : Path.of(file),
                blankToNull(env.get(ENV_PRIVATE_KEY)));
    }

    @Override
    public Dialect dialect() {
        return Dialect.SNOWFLAKE;
    }

    /** True when no Snowflake setting at all is given: the embedded DuckDB default applies. */
    public boolean isEmpty() {
        return account == null
                && user == null
                && role == null
                && warehouse == null
                && database == null
                && schema == null
                && privateKeyFile == null
                && privateKeyPem == null;
    }

    /** Names (environment variable spelling) of the settings still missing; empty when complete. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (account == null) missing.add(ENV_ACCOUNT);
        if (user == null) missing.add(ENV_USER);
        if (role == null) missing.add(ENV_ROLE);
        if (warehouse == null) missing.add(ENV_WAREHOUSE);
        if (database == null) missing.add(ENV_DATABASE);
        if (schema == null) missing.add(ENV_SCHEMA);
        if (privateKeyFile == null && privateKeyPem == null)
            missing.add(ENV_PRIVATE_KEY_FILE + " or " + ENV_PRIVATE_KEY);
        return missing;
    }

    /** Names of the credentials that still hold the secret's {@link #PLACEHOLDER}: it was never filled. */
    public List<String> placeholders() {
        List<String> unfilled = new ArrayList<>();
        if (PLACEHOLDER.equals(account)) unfilled.add(ENV_ACCOUNT);
        if (PLACEHOLDER.equals(user)) unfilled.add(ENV_USER);
        if (PLACEHOLDER.equals(privateKeyPem)) unfilled.add(ENV_PRIVATE_KEY);
        return unfilled;
    }

    /**
     * Throws naming every missing setting, or the credentials that are still the secret's placeholders
     * (before the driver fails on them with a less telling message).
     */
    public SnowflakeSettings requireComplete() {
        List<String> unfilled = placeholders();
        if (!unfilled.isEmpty()) {
            throw new IllegalStateException("Snowflake credentials not set: " + String.join(", ", unfilled) + " hold "
                    + PLACEHOLDER + ", the value " + SECRET_HINT
                    + " is created with; put the real account, user and privateKey "
                    + "(PKCS#8 PEM) into it");
        }
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            boolean credentials = missing.contains(ENV_ACCOUNT)
                    || missing.contains(ENV_USER)
                    || missing.contains(ENV_PRIVATE_KEY_FILE + " or " + ENV_PRIVATE_KEY);
            throw new IllegalStateException("Snowflake settings incomplete, missing: " + String.join(", ", missing)
                    + (credentials
                            ? " (in a Batch job, account, user and private key come from " + SECRET_HINT
                                    + ": a field left empty there is missing here)"
                            : ""));
        }
        return this;
    }

    /** Every setting but the private key, which is only said to be there: settings end up in logs and errors. */
    @Override
    public String toString() {
        return "SnowflakeSettings[account=" + account + ", user=" + user + ", role=" + role + ", warehouse="
                + warehouse + ", database=" + database + ", schema=" + schema + ", privateKeyFile=" + privateKeyFile
                + ", privateKeyPem=" + (privateKeyPem == null ? null : "(hidden)") + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
