package dev.cairn.warehouse;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Snowflake-side SQL an account admin runs so that unloads can write to the platform's bucket: the
 * storage integration for the platform stack's role, its stage, and the grants. Safe to run again after
 * changing a value: {@code CREATE ... IF NOT EXISTS} creates each object once and {@code ALTER ... SET}
 * brings it to the given values. Never {@code CREATE OR REPLACE}: a replaced integration gets a new
 * external id, which the platform role (trusting the old one) would refuse.
 *
 * <pre>{@code
 * String sql = SetupSql.snowflake(SetupSql.Settings.builder(
 *         SetupSql.integrationRoleArn("123456789012", "eu-west-1"), "cairn-platform-datastorebucket-abc").build());
 * }</pre>
 */
public final class SetupSql {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    private SetupSql() {}

    /**
     * The name the platform stack gives the storage integration's role in {@code region} (the cdk module's
     * {@code SnowflakeLink.defaultRoleName}, kept equal by a test there): fixed, so that its ARN is known
     * before the stack is deployed.
     */
    public static String integrationRoleName(String region) {
        return "cairn-snowflake-" + region;
    }

    /** The ARN of the platform stack's integration role in {@code account} and {@code region}. */
    public static String integrationRoleArn(String account, String region) {
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("not a 12-digit AWS account id: " + account);
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("not an AWS region (like eu-west-1): " + region);
        }
        return "arn:aws:iam::" + account + ":role/" + integrationRoleName(region);
    }

    /**
     * @param roleArn     {@code STORAGE_AWS_ROLE_ARN}: the platform stack's output SnowflakeIntegrationRoleArn (required)
     * @param bucket      the datastore bucket: the platform stack's output DatastoreBucket (required)
     * @param prefix      the folder of the bucket the integration may use; default {@code snowflake}, the link's
     *                    default prefix (its role may use nothing else)
     * @param externalId  {@code STORAGE_AWS_EXTERNAL_ID} to set; default null: Snowflake generates one when it
     *                    creates the integration and keeps it
     * @param integration the storage integration's name; default {@code CAIRN_DATASTORE}
     * @param grantRole   the role granted usage of the integration and the stage; default {@code SYSADMIN}
     * @param database    database of the stage; default null: the session's current one (needs {@code schema} too)
     * @param schema      schema of the stage; default null: the session's current one (needs {@code database} too)
     */
    public record Settings(
            String roleArn,
            String bucket,
            String prefix,
            String externalId,
            String integration,
            String grantRole,
            String database,
            String schema) {
        public Settings {
            if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
                throw new IllegalArgumentException("not an IAM role ARN: " + roleArn
                        + " (the platform stack's output SnowflakeIntegrationRoleArn)");
            }
            if (bucket == null || !BUCKET.matcher(bucket).matches()) {
                throw new IllegalArgumentException(
                        "not an S3 bucket name: " + bucket + " (the platform stack's output DatastoreBucket)");
            }
            prefix = prefix == null ? "" : prefix.replaceAll("^/+", "").replaceAll("/+$", "");
            if (prefix.isEmpty()) {
                throw new IllegalArgumentException(
                        "the integration needs a folder of the bucket: its role may read and write only "
                                + "the Snowflake link's prefixes (default snowflake), never the whole bucket");
            }
            externalId = externalId == null || externalId.isBlank() ? null : externalId.trim();
            requireIdentifier(integration, "integration");
            requireIdentifier(grantRole, "grant role");
            if ((database == null) != (schema == null)) {
                throw new IllegalArgumentException("the stage's database and schema go together: give both or neither "
                        + "(neither: the session's current schema)");
            }
            if (database != null) {
                requireIdentifier(database, "database");
                requireIdentifier(schema, "schema");
            }
        }

        /** {@code s3://bucket/prefix/}: the allowed location and the stage's URL. */
        public String location() {
            return "s3://" + bucket + "/" + prefix + "/";
        }

        /** The stage's name, qualified when the database and schema are given. */
        public String stage() {
            String name = integration + "_STAGE";
            return database == null ? name : database + "." + schema + "." + name;
        }

        public static Builder builder(String roleArn, String bucket) {
            return new Builder(roleArn, bucket);
        }

        public static final class Builder {
            private final String roleArn;
            private final String bucket;
            private String prefix = "snowflake";
            private String externalId;
            private String integration = "CAIRN_DATASTORE";
            private String grantRole = "SYSADMIN";
            private String database;
            private String schema;

            private Builder(String roleArn, String bucket) {
                this.roleArn = roleArn;
                this.bucket = bucket;
            }

            public Builder prefix(String v) {
                prefix = v;
                return this;
            }

            public Builder externalId(String v) {
                externalId = v;
                return this;
            }

            public Builder integration(String v) {
                integration = v;
                return this;
            }

            public Builder grantRole(String v) {
                grantRole = v;
                return this;
            }

            public Builder stageSchema(String database, String schema) {
                this.database = database;
                this.schema = schema;
                return this;
            }

            public Settings build() {
                return new Settings(roleArn, bucket, prefix, externalId, integration, grantRole, database, schema);
            }
        }
    }

    /**
     * The integration (created if missing, then set to these values), {@code DESC} of it for the values the
     * platform role must trust, the Parquet stage on the location (same), and the usage grants.
     */
    public static String snowflake(Settings s) {
        Objects.requireNonNull(s, "settings");
        String location = SqlLiteral.quote(s.location());
        String aws = "  STORAGE_AWS_ROLE_ARN = " + SqlLiteral.quote(s.roleArn()) + "\n"
                + (s.externalId() == null
                        ? ""
                        : "  STORAGE_AWS_EXTERNAL_ID = " + SqlLiteral.quote(s.externalId()) + "\n");
        String stageUse = s.database() == null
                ? "-- The stage goes into the session's current database and schema (USE SCHEMA <database>.<schema> first).\n"
                : "";
        return """
        -- Run as ACCOUNTADMIN (or a role with CREATE INTEGRATION). Safe to run again: CREATE ... IF NOT EXISTS
        -- creates each object once, ALTER ... SET brings it to these values and keeps the integration's external
        -- id (CREATE OR REPLACE would generate a new one, which the platform role does not trust).
        CREATE STORAGE INTEGRATION IF NOT EXISTS %1$s
          TYPE = EXTERNAL_STAGE
          STORAGE_PROVIDER = 'S3'
          ENABLED = TRUE
        %2$s  STORAGE_ALLOWED_LOCATIONS = (%3$s);
        ALTER STORAGE INTEGRATION %1$s SET
        %2$s  ENABLED = TRUE
          STORAGE_ALLOWED_LOCATIONS = (%3$s);
        -- Copy STORAGE_AWS_IAM_USER_ARN and STORAGE_AWS_EXTERNAL_ID of this output into the context values
        -- snowflakeUserArn and snowflakeExternalId, and deploy Cairn-Platform again: only then does its role
        -- trust the integration (cdk/DEPLOY.md, "Snowflake link, in order").
        DESC STORAGE INTEGRATION %1$s;
        %4$sCREATE STAGE IF NOT EXISTS %5$s
          URL = %3$s
          STORAGE_INTEGRATION = %1$s
          FILE_FORMAT = (TYPE = PARQUET);
        ALTER STAGE %5$s SET
          URL = %3$s
          STORAGE_INTEGRATION = %1$s;
        GRANT USAGE ON INTEGRATION %1$s TO ROLE %6$s;
        GRANT USAGE ON STAGE %5$s TO ROLE %6$s;
        """.formatted(s.integration(), aws, location, stageUse, s.stage(), s.grantRole());
    }

    private static void requireIdentifier(String name, String what) {
        if (name == null || !IDENT.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "the " + what + " must be a plain identifier (letters, digits, _ and $), got " + name);
        }
    }
}
