package dev.cairn.warehouse;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class SetupSqlTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/cairn-snowflake-eu-west-1";

    private static List<String> statements(String sql) {
        return List.of(sql.lines()
                        .filter(l -> !l.startsWith("--"))
                        .reduce("", (a, l) -> a + l + "\n")
                        .split(";\n"))
                .stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    @Test
    void theRoleArnIsKnownFromAccountAndRegionBeforeAnyDeploy() {
        assertEquals(ROLE, SetupSql.integrationRoleArn("123456789012", "eu-west-1"));
        assertThrows(IllegalArgumentException.class, () -> SetupSql.integrationRoleArn("1234", "eu-west-1"));
        assertThrows(IllegalArgumentException.class, () -> SetupSql.integrationRoleArn("123456789012", "Ireland"));
    }

    @Test
    void createsTheIntegrationOnceThenAltersItToTheGivenValues() {
        String sql =
                SetupSql.snowflake(SetupSql.Settings.builder(ROLE, "cairn-data").build());
        List<String> statements = statements(sql);
        assertEquals("""
        CREATE STORAGE INTEGRATION IF NOT EXISTS CAIRN_DATASTORE
          TYPE = EXTERNAL_STAGE
          STORAGE_PROVIDER = 'S3'
          ENABLED = TRUE
          STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/cairn-snowflake-eu-west-1'
          STORAGE_ALLOWED_LOCATIONS = ('s3://cairn-data/snowflake/')""", statements.get(0));
        // a second run with another role or location changes the integration (CREATE IF NOT EXISTS alone would not)
        assertEquals("""
        ALTER STORAGE INTEGRATION CAIRN_DATASTORE SET
          STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/cairn-snowflake-eu-west-1'
          ENABLED = TRUE
          STORAGE_ALLOWED_LOCATIONS = ('s3://cairn-data/snowflake/')""", statements.get(1));
        // what the platform's second deploy needs, after the integration exists
        assertEquals("DESC STORAGE INTEGRATION CAIRN_DATASTORE", statements.get(2));
        assertTrue(sql.contains("snowflakeUserArn and snowflakeExternalId"), sql);
        // never replaced: a replaced integration gets a new external id the role does not trust
        assertTrue(statements.stream().noneMatch(st -> st.contains("OR REPLACE")), sql);
        assertFalse(
                sql.contains("STORAGE_AWS_EXTERNAL_ID ="), "Snowflake generates the external id and ALTER keeps it");
    }

    @Test
    void theStageIsCreatedOnceThenPointedAtTheLocationAndGranted() {
        String sql = SetupSql.snowflake(SetupSql.Settings.builder(ROLE, "cairn-data")
                .prefix("/runs/")
                .grantRole("ML")
                .stageSchema("SALES", "PUBLIC")
                .build());
        List<String> statements = statements(sql);
        assertEquals(
                List.of(
                        """
        CREATE STAGE IF NOT EXISTS SALES.PUBLIC.CAIRN_DATASTORE_STAGE
          URL = 's3://cairn-data/runs/'
          STORAGE_INTEGRATION = CAIRN_DATASTORE
          FILE_FORMAT = (TYPE = PARQUET)""",
                        """
        ALTER STAGE SALES.PUBLIC.CAIRN_DATASTORE_STAGE SET
          URL = 's3://cairn-data/runs/'
          STORAGE_INTEGRATION = CAIRN_DATASTORE""",
                        "GRANT USAGE ON INTEGRATION CAIRN_DATASTORE TO ROLE ML",
                        "GRANT USAGE ON STAGE SALES.PUBLIC.CAIRN_DATASTORE_STAGE TO ROLE ML"),
                statements.subList(3, statements.size()));
        // without a schema the admin is told to pick one: CREATE STAGE needs a current database
        assertTrue(
                SetupSql.snowflake(SetupSql.Settings.builder(ROLE, "cairn-data").build())
                        .contains("USE SCHEMA"));
    }

    @Test
    void aChosenExternalIdIsSetOnCreateAndAlter() {
        String sql = SetupSql.snowflake(SetupSql.Settings.builder(ROLE, "cairn-data")
                .externalId("ext-42")
                .integration("CAIRN_S3")
                .build());
        List<String> statements = statements(sql);
        assertTrue(statements.get(0).startsWith("CREATE STORAGE INTEGRATION IF NOT EXISTS CAIRN_S3"), sql);
        assertTrue(statements.get(0).contains("  STORAGE_AWS_EXTERNAL_ID = 'ext-42'\n"), sql);
        assertTrue(
                statements
                        .get(1)
                        .contains("  STORAGE_AWS_ROLE_ARN = '" + ROLE + "'\n  STORAGE_AWS_EXTERNAL_ID = 'ext-42'\n"),
                sql);
    }

    @Test
    void invalidValuesNameWhatToFix() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SetupSql.Settings.builder("not-an-arn", "cairn-data").build());
        assertTrue(e.getMessage().contains("SnowflakeIntegrationRoleArn"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> SetupSql.Settings.builder(ROLE, "cairn-data").prefix("/").build());
        assertTrue(e.getMessage().contains("never the whole bucket"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> SetupSql.Settings.builder(ROLE, "cairn-data")
                        .integration("I'; --")
                        .build());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> SetupSql.Settings.builder(ROLE, "cairn-data")
                        .stageSchema("SALES", null)
                        .build());
        assertTrue(e.getMessage().contains("both or neither"), e.getMessage());
        assertTrue(SetupSql.snowflake(SetupSql.Settings.builder(ROLE, "b-1")
                        .externalId("it's")
                        .build())
                .contains("STORAGE_AWS_EXTERNAL_ID = 'it''s'"));
    }
}
