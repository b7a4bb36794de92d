package dev.cairn.warehouse.snowflake;

import dev.cairn.warehouse.Dialect;
import dev.cairn.warehouse.JdbcWarehouse;
import dev.cairn.warehouse.SnowflakeSettings;
import dev.cairn.warehouse.SqlLiteral;
import dev.cairn.warehouse.UnloadResult;
import dev.cairn.warehouse.WarehouseException;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Snowflake over its JDBC driver with key-pair (JWT) authentication. Large extracts go through
 * {@link #unloadToS3}: {@code COPY INTO 's3://...' FROM (query) STORAGE_INTEGRATION = ...}.
 * The JVM needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} for the driver's Arrow.
 */
public final class SnowflakeWarehouse extends JdbcWarehouse {
    public static final String DRIVER = "net.snowflake.client.jdbc.SnowflakeDriver";
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private SnowflakeWarehouse(Connection connection) {
        super(connection);
    }

    public static SnowflakeWarehouse connect(SnowflakeSettings settings) {
        settings.requireComplete();
        try {
            Class.forName(DRIVER);
            return new SnowflakeWarehouse(DriverManager.getConnection(jdbcUrl(settings), properties(settings)));
        } catch (ClassNotFoundException | SQLException e) {
            throw new WarehouseException(
                    "cannot connect to Snowflake account " + settings.account() + ": " + e.getMessage(), e);
        }
    }

    public static String jdbcUrl(SnowflakeSettings settings) {
        settings.requireComplete();
        if (!ACCOUNT.matcher(settings.account()).matches()) {
            throw new IllegalArgumentException("invalid Snowflake account identifier: " + settings.account());
        }
        return "jdbc:snowflake://" + settings.account().toLowerCase(Locale.ROOT) + ".snowflakecomputing.com/";
    }

    /** Driver properties: session settings plus key-pair auth (a key file path, or the parsed PEM key). */
    public static Properties properties(SnowflakeSettings settings) {
        settings.requireComplete();
        Properties p = new Properties();
        p.setProperty("user", settings.user());
        p.setProperty("role", settings.role());
        p.setProperty("warehouse", settings.warehouse());
        p.setProperty("db", settings.database());
        p.setProperty("schema", settings.schema());
        p.setProperty("authenticator", "SNOWFLAKE_JWT");
        p.setProperty("application", "cairn");
        // JSON results are slower but need no Arrow; Arrow stays the default (add-opens is set)
        if (settings.privateKeyPem() != null) {
            p.put("privateKey", parsePrivateKey(settings.privateKeyPem()));
        } else {
            p.setProperty(
                    "private_key_file",
                    settings.privateKeyFile().toAbsolutePath().toString());
        }
        return p;
    }

    /** Parses an unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) RSA key. */
    public static PrivateKey parsePrivateKey(String pem) {
        if (pem.contains("ENCRYPTED")) {
            throw new IllegalArgumentException(
                    "encrypted private keys are not supported here; use SNOWFLAKE_PRIVATE_KEY_FILE");
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalArgumentException("PKCS#1 key: convert with `openssl pkcs8 -topk8 -nocrypt` to PKCS#8");
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a PKCS#8 PEM RSA private key: " + e.getMessage(), e);
        }
    }

    /** {@code COPY INTO '<s3Prefix>' FROM (<query>) STORAGE_INTEGRATION = <name> FILE_FORMAT = (TYPE = PARQUET) HEADER = TRUE}. */
    public static String unloadSql(String query, String s3Prefix, String storageIntegration) {
        if (!s3Prefix.startsWith("s3://")) {
            throw new IllegalArgumentException("unload destination must be an s3:// prefix: " + s3Prefix);
        }
        if (!IDENT.matcher(storageIntegration).matches()) {
            throw new IllegalArgumentException("not a plain storage integration name: " + storageIntegration);
        }
        return "COPY INTO " + SqlLiteral.quote(s3Prefix) + " FROM (" + query + ")"
                + " STORAGE_INTEGRATION = " + storageIntegration
                + " FILE_FORMAT = (TYPE = PARQUET) HEADER = TRUE";
    }

    /** Unloads to S3 through the storage integration; bound parameters go into the query. */
    public UnloadResult unloadToS3(String sql, List<Object> params, String s3Prefix, String storageIntegration) {
        try (PreparedStatement ps = connection.prepareStatement(unloadSql(sql, s3Prefix, storageIntegration))) {
            bind(ps, params);
            ps.execute();
            return new UnloadResult(s3Prefix, List.of(), -1);
        } catch (SQLException e) {
            throw new WarehouseException("Snowflake unload failed: " + e.getMessage() + "\n  sql: " + sql, e);
        }
    }

    /** Snowflake cannot write to a local folder; use {@link #unloadToS3}. */
    @Override
    public UnloadResult unload(String sql, List<Object> params, Path destinationFolder) {
        throw new UnsupportedOperationException(
                "Snowflake unloads to S3 only: use unloadToS3(sql, params, \"s3://...\", integration)");
    }

    @Override
    public Dialect dialect() {
        return Dialect.SNOWFLAKE;
    }
}
