package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Cairn;
import dev.cairn.testing.CairnDatastore;
import dev.cairn.testing.CairnExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** `latest` includes failed runs; `latest-successful` is the form that exports after one. */
@ExtendWith(CairnExtension.class)
class ExportAfterAFailedRunTest {
    static Path root;
    static String succeeded;
    static String failed;

    @BeforeAll
    static void succeedThenFail(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
        root = datastore;
        succeeded = cairn.run(ScorerOrFailFlow.class, Map.of()).id();
        failed = cairn.run(ScorerOrFailFlow.class, Map.of("fail", "true")).id();
    }

    @Test
    void exportFromALatestRunThatFailedSaysSoAndNamesLatestSuccessful() {
        CliRun result = CliRun.of(root, "export-model", "ScorerOrFailFlow/latest/train/0", "model");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(
                result.err()
                        .startsWith("cairn: run ScorerOrFailFlow/" + failed + " (latest) FAILED at step train, task 0"
                                + " (java.lang.IllegalStateException: training data missing)"),
                result.err());
        assertTrue(
                result.err()
                        .contains("Export from the newest run that succeeded: cairn export-model"
                                + " ScorerOrFailFlow/latest-successful/train/0 model"),
                result.err());
    }

    @Test
    void latestSuccessfulExportsFromTheNewestRunThatSucceeded() {
        CliRun result = CliRun.of(
                root,
                "export-model",
                "ScorerOrFailFlow/latest-successful/train/0",
                "model",
                "--out",
                root.resolve("v1.tar.gz").toString());

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("Exported ScorerOrFailFlow/" + succeeded + "/train/0/model "), result.out());
    }

    @Test
    void showAndLogsTakeLatestSuccessfulToo() {
        assertTrue(CliRun.of(root, "show", "ScorerOrFailFlow/latest-successful")
                .out()
                .startsWith("Run ScorerOrFailFlow/" + succeeded + ": SUCCEEDED"));
        assertTrue(CliRun.of(root, "show", "ScorerOrFailFlow/latest")
                .out()
                .startsWith("Run ScorerOrFailFlow/" + failed + ": FAILED"));
        assertEquals(
                0,
                CliRun.of(root, "logs", "ScorerOrFailFlow/latest-successful/train/0")
                        .exitCode());
    }
}
