package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import dev.cairn.client.Cairn;
import dev.cairn.client.CairnClient;
import dev.cairn.client.Run;
import dev.cairn.client.Task;
import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.DamagedBlobException;
import dev.cairn.formats.Json;
import dev.cairn.serving.ScorerFlows;
import dev.cairn.testing.CairnDatastore;
import dev.cairn.testing.CairnExtension;
import dev.cairn.testing.flows.CountryScoresFlow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A blob whose content no longer matches its address is named, never shown or served, and healed by a new run. */
@ExtendWith(CairnExtension.class)
class DamagedBlobsTest {

    /** Rewrites a blob as one flipped digit would leave it: a frame that decompresses, without a checksum. */
    private static void flip(Path flowData, ArtifactRef ref, String from, String to) throws Exception {
        Path file = flowData.resolve("data/" + ref.sha().substring(0, 2) + "/" + ref.sha());
        String json = new String(Zstd.decompress(Files.readAllBytes(file), (int) ref.size()), StandardCharsets.UTF_8);
        assertTrue(json.contains(from), json);
        Files.write(file, Zstd.compress(json.replace(from, to).getBytes(StandardCharsets.UTF_8), 1));
    }

    /**
     * Takes the inline copies of small values out of every task record of the flow, as records written before there
     * were any: a read then goes to the blob, which is what these tests damage.
     */
    private static void withoutInlineCopies(Path flowData) throws Exception {
        List<Path> records;
        try (var files = Files.walk(flowData.resolve("runs"))) {
            records = files.filter(f -> f.getFileName().toString().matches("[0-9]+\\.json"))
                    .toList();
        }
        for (Path record : records) {
            var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Json.RECORDS.readTree(record.toFile());
            if (tree.get("artifacts") instanceof com.fasterxml.jackson.databind.node.ObjectNode artifacts) {
                artifacts.forEach(ref -> ((com.fasterxml.jackson.databind.node.ObjectNode) ref).remove("inline"));
            }
            Json.RECORDS.writeValue(record.toFile(), tree);
        }
    }

    private static Path flowData(Path datastore, String flow) {
        return datastore.resolve("tests/" + CairnExtension.BRANCH + "/" + flow);
    }

    @Test
    void flippedDigitIsShownAsDamagedNamingBlobArtifactAndTaskAndExits1(Cairn cairn, @CairnDatastore Path datastore)
            throws Exception {
        Run run = cairn.run(CountryScoresFlow.class, Map.of("countries", "3"));
        ArtifactRef ref = run.step("end").task().artifactRef("scoreByCountry");
        withoutInlineCopies(flowData(datastore, "CountryScoresFlow"));
        flip(flowData(datastore, "CountryScoresFlow"), ref, "0.625", "1.625");
        String task = "CountryScoresFlow/" + run.id() + "/end/0";

        CliRun show = CliRun.of(datastore, "show", task);

        assertEquals(1, show.exitCode(), show::toString);
        assertFalse(show.out().contains("1.625"), show.out());
        assertTrue(
                show.out()
                        .contains(
                                "  scoreByCountry  <damaged: blob " + ref.sha().substring(0, 16)),
                show.out());
        assertTrue(show.out().contains("  best            3 rows:"), "the intact artifacts are still shown");
        assertTrue(
                show.err()
                        .startsWith("cairn: artifact `scoreByCountry` of task " + task + " is damaged (blob "
                                + ref.sha() + " in "),
                show.err());
    }

    @Test
    void damagedArtifactReadFromJavaFailsNamingBlobArtifactAndTask(Cairn cairn, @CairnDatastore Path datastore)
            throws Exception {
        Run run = cairn.run(CountryScoresFlow.class, Map.of("countries", "3"));
        ArtifactRef ref = run.step("end").task().artifactRef("scoreByCountry");
        withoutInlineCopies(flowData(datastore, "CountryScoresFlow"));
        flip(flowData(datastore, "CountryScoresFlow"), ref, "0.625", "1.625");
        // a new client, as the records read already are kept
        Task end = CairnClient.local(datastore, CairnExtension.BRANCH)
                .flow("CountryScoresFlow")
                .run(run.id())
                .step("end")
                .task();

        var e = assertThrows(UncheckedIOException.class, () -> end.artifact("scoreByCountry"));

        DamagedBlobException damaged = assertInstanceOf(DamagedBlobException.class, e.getCause());
        assertEquals(ref.sha(), damaged.sha());
        assertTrue(
                damaged.getMessage()
                        .startsWith("artifact `scoreByCountry` of task CountryScoresFlow/" + run.id()
                                + "/end/0 is damaged (blob " + ref.sha()),
                damaged.getMessage());
    }

    @Test
    void aDamagedBlobOfASmallValueIsShownRightFromItsRecordAndVerifyNamesTheBlob(
            Cairn cairn, @CairnDatastore Path datastore) throws Exception {
        Run run = cairn.run(CountryScoresFlow.class, Map.of("countries", "3"));
        ArtifactRef ref = run.step("end").task().artifactRef("scoreByCountry");
        flip(flowData(datastore, "CountryScoresFlow"), ref, "0.625", "1.625");

        CliRun show = CliRun.of(datastore, "show", "CountryScoresFlow/" + run.id() + "/end/0");
        CliRun verify = CliRun.of(datastore, "verify", "CountryScoresFlow");

        assertEquals(0, show.exitCode(), show::toString);
        assertTrue(show.out().contains("  scoreByCountry  {DE: 0.5, FR: 0.625, IT: 0.75} (3 entries)"), show.out());
        assertEquals(1, verify.exitCode(), verify::toString);
        assertTrue(verify.out().contains(ref.sha()), verify.out());
    }

    @Test
    void newRunOfTheFlowReplacesTheDamagedBlobSoTheOldRunShowsTheRightValue(Cairn cairn, @CairnDatastore Path datastore)
            throws Exception {
        Run first = cairn.run(CountryScoresFlow.class, Map.of("countries", "3"));
        ArtifactRef ref = first.step("end").task().artifactRef("scoreByCountry");
        flip(flowData(datastore, "CountryScoresFlow"), ref, "0.625", "1.625");

        Run second = cairn.run(CountryScoresFlow.class, Map.of("countries", "3"));

        assertEquals(ref, second.step("end").task().artifactRef("scoreByCountry"), "the same value, the same blob");
        for (Run run : List.of(first, second)) {
            CliRun show = CliRun.of(datastore, "show", "CountryScoresFlow/" + run.id() + "/end");
            assertEquals(0, show.exitCode(), show::toString);
            assertTrue(show.out().contains("  scoreByCountry  {DE: 0.5, FR: 0.625, IT: 0.75} (3 entries)"), show.out());
        }
    }

    @Test
    void exportOfADamagedModelExits1NamingItAndWritesNoArchive(@TempDir Path root) throws Exception {
        Path datastore = root.resolve("datastore");
        Task task = ScorerFlows.trainedTask(datastore);
        ArtifactRef ref = task.artifactRef("model");
        flip(datastore.resolve("servingtests/" + ScorerFlows.BRANCH + "/Scorer"), ref, "2.0", "3.0");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = CairnCli.execute(
                Map.of(),
                new PrintWriter(out),
                new PrintWriter(err),
                "export-model",
                "Scorer/" + task.runId() + "/start/0",
                "model",
                "--datastore",
                datastore.toString(),
                "--branch",
                ScorerFlows.BRANCH);

        assertEquals(1, code, out + "\n" + err);
        assertTrue(
                err.toString()
                        .startsWith("cairn: artifact `model` of task Scorer/" + task.runId()
                                + "/start/0 is damaged (blob " + ref.sha()),
                err.toString());
        assertFalse(Files.exists(root.resolve("datastore-models")), "no archive of a damaged model");
    }
}
