package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void setupSqlNamesTheRoleExternalIdAndAllowedLocation() {
        assertEquals(0, cairn("snowflake", "setup-sql", "--role-arn", "arn:aws:iam::123456789012:role/cairn-snowflake",
                "--external-id", "cairn-ext-42", "--bucket", "cairn-data", "--prefix", "cairn"));
        String sql = out.toString();
        assertTrue(sql.contains("CREATE STORAGE INTEGRATION"), sql);
        assertTrue(sql.contains("arn:aws:iam::123456789012:role/cairn-snowflake"), sql);
        assertTrue(sql.contains("cairn-ext-42"), sql);
        assertTrue(sql.contains("s3://cairn-data/cairn/"), sql);
        assertTrue(sql.contains("GRANT USAGE"), sql);
    }

    @Test
    void missingRoleArnIsAUsageError() {
        assertEquals(2, cairn("snowflake", "setup-sql", "--external-id", "x", "--bucket", "b"));
        assertTrue(err.toString().contains("--role-arn"), err.toString());
    }
}
