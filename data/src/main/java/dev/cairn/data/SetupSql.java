package dev.cairn.data;

import java.util.regex.Pattern;

/** The Snowflake-side SQL an account admin runs once so unloads can write to the platform's bucket. */
public final class SetupSql {
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private SetupSql() {}

  /** As {@link #snowflake(String, String, String, String, String, String)} granting to role SYSADMIN. */
  public static String snowflake(String roleArn, String externalId, String bucket, String prefix, String integrationName) {
    return snowflake(roleArn, externalId, bucket, prefix, integrationName, "SYSADMIN");
  }

  /**
   * CREATE STORAGE INTEGRATION (the platform stack's IAM role and external id, allowed to the
   * bucket prefix), CREATE STAGE on it (Parquet), and GRANT USAGE to {@code grantRole}.
   */
  public static String snowflake(String roleArn, String externalId, String bucket, String prefix,
      String integrationName, String grantRole) {
    if (!ROLE_ARN.matcher(roleArn).matches()) throw new IllegalArgumentException("not an IAM role ARN: " + roleArn);
    if (!BUCKET.matcher(bucket).matches()) throw new IllegalArgumentException("not an S3 bucket name: " + bucket);
    if (!IDENT.matcher(integrationName).matches()) throw new IllegalArgumentException("not a plain identifier: " + integrationName);
    if (!IDENT.matcher(grantRole).matches()) throw new IllegalArgumentException("not a plain identifier: " + grantRole);
    if (externalId == null || externalId.isBlank()) throw new IllegalArgumentException("external id is required");
    String p = prefix == null ? "" : prefix.replaceAll("^/+", "").replaceAll("/+$", "");
    String location = "s3://" + bucket + "/" + (p.isEmpty() ? "" : p + "/");
    String stage = integrationName + "_STAGE";
    String q = DuckDbWarehouse.literal(location);
    return """
        -- Run as ACCOUNTADMIN (or a role with CREATE INTEGRATION).
        CREATE STORAGE INTEGRATION IF NOT EXISTS %1$s
          TYPE = EXTERNAL_STAGE
          STORAGE_PROVIDER = 'S3'
          ENABLED = TRUE
          STORAGE_AWS_ROLE_ARN = %2$s
          STORAGE_AWS_EXTERNAL_ID = %3$s
          STORAGE_ALLOWED_LOCATIONS = (%4$s);
        -- STORAGE_AWS_IAM_USER_ARN in this output is the principal the platform role must trust.
        DESC STORAGE INTEGRATION %1$s;
        CREATE STAGE IF NOT EXISTS %5$s
          URL = %4$s
          STORAGE_INTEGRATION = %1$s
          FILE_FORMAT = (TYPE = PARQUET);
        GRANT USAGE ON INTEGRATION %1$s TO ROLE %6$s;
        GRANT USAGE ON STAGE %5$s TO ROLE %6$s;
        """.formatted(integrationName, DuckDbWarehouse.literal(roleArn), DuckDbWarehouse.literal(externalId),
        q, stage, grantRole);
  }
}
