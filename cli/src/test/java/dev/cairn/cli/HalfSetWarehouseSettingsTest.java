package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snowflake settings half set are refused before a run starts, not by the first step that opens the warehouse. */
class HalfSetWarehouseSettingsTest {
    private static final Map<String, String> HALF_SET = Map.of("SNOWFLAKE_ACCOUNT", "acme-eu", "SNOWFLAKE_USER", "ml");
    private static final String MISSING = "missing: SNOWFLAKE_ROLE, SNOWFLAKE_WAREHOUSE, SNOWFLAKE_DATABASE,"
            + " SNOWFLAKE_SCHEMA, SNOWFLAKE_PRIVATE_KEY_FILE or SNOWFLAKE_PRIVATE_KEY";

    @TempDir
    Path root;

    private CliRun cairn(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--datastore", root.toString(), "--branch", "test.cli"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CairnCli.execute(env, new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new CliRun(code, out.toString(), err.toString());
    }

    private List<Path> runRecords() throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().equals("run.json"))
                    .toList();
        }
    }

    @Test
    void runIsRefusedBeforeItStartsNamingEveryMissingVariable() throws Exception {
        CliRun result = cairn(HALF_SET, "run", "LinearFlow");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(
                result.err().startsWith("cairn: the run did not start: Snowflake settings incomplete, " + MISSING),
                result::toString);
        assertFalse(result.out().contains("Running"), result::toString);
        assertEquals(List.of(), runRecords());
    }

    @Test
    void resumeIsRefusedTooAndStartsNoRun() throws Exception {
        assertEquals(1, cairn(Map.of(), "run", "FailingFlow").exitCode());
        List<Path> before = runRecords();

        CliRun result = cairn(HALF_SET, "resume", "FailingFlow/latest");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains(MISSING), result::toString);
        assertEquals(before, runRecords());
    }

    @Test
    void noSnowflakeSettingAtAllRunsOnTheEmbeddedWarehouse() {
        assertEquals(0, cairn(Map.of(), "run", "LinearFlow").exitCode());
    }
}
