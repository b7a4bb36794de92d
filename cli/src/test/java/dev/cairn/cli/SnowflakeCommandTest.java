package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnowflakeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cairn(String... args) {
        return CairnCli.execute(Map.of(), new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void setupSqlNamesTheRoleAndTheLinksPrefixAndCanBeRunAgain() {
        assertEquals(
                0,
                cairn(
                        "snowflake",
                        "setup-sql",
                        "--role-arn",
                        "arn:aws:iam::123456789012:role/cairn-snowflake-eu-west-1",
                        "--bucket",
                        "cairn-data",
                        "--database",
                        "SALES",
                        "--schema",
                        "PUBLIC"));
        String sql = out.toString();
        assertTrue(sql.contains("CREATE STORAGE INTEGRATION IF NOT EXISTS CAIRN_DATASTORE"), sql);
        assertTrue(
                sql.contains("ALTER STORAGE INTEGRATION CAIRN_DATASTORE SET\n  STORAGE_AWS_ROLE_ARN = "
                        + "'arn:aws:iam::123456789012:role/cairn-snowflake-eu-west-1'"),
                sql);
        // the folder the link's role may use by default, not the whole bucket
        assertTrue(sql.contains("STORAGE_ALLOWED_LOCATIONS = ('s3://cairn-data/snowflake/')"), sql);
        assertTrue(sql.contains("DESC STORAGE INTEGRATION CAIRN_DATASTORE;"), sql);
        assertTrue(sql.contains("CREATE STAGE IF NOT EXISTS SALES.PUBLIC.CAIRN_DATASTORE_STAGE"), sql);
        assertTrue(sql.contains("GRANT USAGE"), sql);
        assertFalse(sql.contains("STORAGE_AWS_EXTERNAL_ID ="), "no external id was given: Snowflake's stays");
    }

    @Test
    void setupSqlSetsAGivenExternalId() {
        assertEquals(
                0,
                cairn(
                        "snowflake",
                        "setup-sql",
                        "--role-arn",
                        "arn:aws:iam::123456789012:role/cairn-snowflake",
                        "--external-id",
                        "cairn-ext-42",
                        "--bucket",
                        "cairn-data",
                        "--prefix",
                        "cairn"));
        String sql = out.toString();
        assertTrue(sql.contains("STORAGE_AWS_EXTERNAL_ID = 'cairn-ext-42'"), sql);
        assertTrue(sql.contains("s3://cairn-data/cairn/"), sql);
    }

    @Test
    void halfAStageSchemaIsAUsageErrorNamingTheFix() {
        assertEquals(
                2,
                cairn(
                        "snowflake",
                        "setup-sql",
                        "--role-arn",
                        "arn:aws:iam::123456789012:role/r",
                        "--bucket",
                        "cairn-data",
                        "--database",
                        "SALES"));
        assertTrue(err.toString().contains("both or neither"), err.toString());
    }

    @Test
    void missingRoleArnIsAUsageError() {
        assertEquals(2, cairn("snowflake", "setup-sql", "--bucket", "b"));
        assertTrue(err.toString().contains("--role-arn"), err.toString());
    }
}
