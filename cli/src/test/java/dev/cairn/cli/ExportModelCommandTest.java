package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Task;
import dev.cairn.serving.ModelArchive;
import dev.cairn.serving.ScorerFlows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportModelCommandTest {
    @TempDir
    static Path root;

    static Task task;

    @BeforeAll
    static void train() throws Exception {
        task = ScorerFlows.trainedTask(root.resolve("datastore"));
    }

    /** {@code cairn export-model ARGS --datastore ROOT/datastore --branch test.serving}. */
    private static CliRun exportModel(String... args) {
        List<String> all = new ArrayList<>(List.of("export-model"));
        all.addAll(List.of(args));
        all.addAll(List.of("--datastore", root.resolve("datastore").toString(), "--branch", ScorerFlows.BRANCH));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CairnCli.execute(Map.of(), new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void exportStoresTheArchiveInTheDatastoreAndALocalCopy() throws Exception {
        Path copy = root.resolve("model.tar.gz");

        CliRun result = exportModel("Scorer/" + task.runId() + "/start/0", "model", "--out", copy.toString());

        assertEquals(0, result.exitCode(), result::toString);
        // beside the datastore: models must outlive the run data a lifecycle rule expires
        Path stored = root.resolve(
                "datastore-models/servingtests/test.serving/Scorer/" + task.runId() + "/start/0/model/model.tar.gz");
        assertTrue(
                result.out()
                        .startsWith("Exported Scorer/" + task.runId()
                                + "/start/0/model (dev.cairn.serving.LinearScorer," + " codec json) as a "),
                result.out());
        assertTrue(result.out().contains("\n  location  " + stored + "\n"), result.out());
        assertTrue(result.out().contains("\n  copy      " + copy + "\n"), result.out());
        assertEquals("model", ModelArchive.read(copy).manifest().artifact());
        assertTrue(Files.isRegularFile(stored));
    }

    @Test
    void taskMayBeLeftOutForAStepWithOneTask() {
        CliRun result = exportModel("Scorer/latest/start", "model");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("/start/0/model/model.tar.gz\n"), result.out());
    }

    @Test
    void artifactThatCannotBeServedExitsWith2NamingItsType() {
        CliRun result = exportModel("Scorer/latest/start/0", "notes");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(
                result.err()
                        .startsWith(
                                "cairn: artifact `notes` of task Scorer/" + task.runId() + "/start/0 is a"
                                        + " java.util.List<java.lang.String>, which cannot be served: make it implement dev.cairn.flow.serving.Predictor"),
                result.err());
        assertTrue(!result.err().contains("\tat "), "no stack trace");
    }

    @Test
    void unknownArtifactExitsWith2ListingTheTasksArtifacts() {
        CliRun result = exportModel("Scorer/latest/start/0", "weights");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("has no artifact `weights`; its artifacts are [model, notes]"), result.err());
    }

    @Test
    void helpExplainsWhereTheArchiveGoesAndWhatCanBeExported() {
        CliRun result = exportModel("--help");

        assertEquals(0, result.exitCode(), result::toString);
        for (String text : List.of(
                "Usage: cairn export-model",
                "FLOW/RUN/STEP[/TASK]",
                "ARTIFACT",
                "--out=FILE",
                "<datastore>-models",
                "<project>/<branch>/<Flow>/<run>/<step>/<task>/<artifact>/model.tar.gz",
                "Predictor.Source")) {
            assertTrue(result.out().contains(text), text + " in\n" + result.out());
        }
    }
}
