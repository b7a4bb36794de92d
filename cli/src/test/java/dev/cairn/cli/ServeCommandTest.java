package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code cairn serve} refuses before it starts anything (serving itself: LocalServingTest). */
class ServeCommandTest {
    @TempDir
    Path dir;

    private static CliRun serve(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CairnCli.execute(Map.of(), new PrintWriter(out), new PrintWriter(err), all);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void helpShowsBothWaysToNameModelsAndACurlCall() {
        CliRun run = serve("--help");
        assertEquals(0, run.exitCode());
        assertTrue(
                run.out().contains("--model=NAME=ARCHIVE[,ARCHIVE...]")
                        && run.out().contains("--config=FILE"),
                run.out());
        assertTrue(run.out().contains("curl -s localhost:8080/models/churn/predict"), run.out());
    }

    /** The help's export example is the README's, which names the step whose tasks hold CountryModels' `best`. */
    @Test
    void helpExportsTheModelTheReadmeExports() throws Exception {
        String example = serve("--help")
                .out()
                .lines()
                .filter(l -> l.contains("export-model"))
                .findFirst()
                .orElseThrow()
                .strip()
                .replaceFirst("^cairn ", "./cairn ")
                .replaceFirst(" best .*", " best"); // the help's width may wrap what follows
        String readme = Files.readString(Path.of("..", "README.md"));

        assertTrue(readme.contains(example), example + " is not in README.md");
        assertTrue(example.endsWith("/bestPerCountry/0-0 best"), example);
    }

    /** A project named {@code exposures} once shared .cairn/exposures with serve; the reserved folder is no one's. */
    @Test
    void exposuresGoToTheDatastoresReservedServingFolderAndDemoOutcomesReadsThemThere() {
        CommandLine cli = CairnCli.commandLine();
        String served = cli.getSubcommands()
                .get("serve")
                .getCommandSpec()
                .findOption("--exposures")
                .defaultValue();
        String read = cli.getSubcommands()
                .get("experiment")
                .getSubcommands()
                .get("demo-outcomes")
                .getCommandSpec()
                .findOption("--exposures")
                .defaultValue();

        assertEquals(".cairn/_serving/exposures", served);
        assertEquals(served, read);
    }

    @Test
    void helpSaysEveryPartListensOnLoopbackUnlessHostSaysOtherwise() {
        String help = serve("--help").out();

        assertTrue(help.contains("--host=ADDRESS") && help.contains("127.0.0.1"), help);
    }

    @Test
    void aModelWithoutArchiveIsABadArgument() {
        CliRun run = serve("--model", "churn");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--model churn: give NAME=ARCHIVE"), run.err());
    }

    @Test
    void aMissingArchiveSaysHowToMakeOne() {
        CliRun run = serve(
                "--model",
                "churn=" + dir.resolve("nope.tar.gz"),
                "--exposures",
                dir.resolve("exp").toString());
        assertEquals(2, run.exitCode());
        assertTrue(
                run.err().contains("exports.churn.v1: " + dir.resolve("nope.tar.gz") + " is not a file")
                        && run.err().contains("cairn export-model"),
                run.err());
    }

    @Test
    void aConfigWithoutExportsNamesWhatIsMissing() throws Exception {
        Path config = Files.writeString(dir.resolve("serve.json"), "{\"router\": {\"models\": {}}}");
        CliRun run = serve("--config", config.toString());
        assertEquals(2, run.exitCode());
        assertTrue(
                run.err().contains(config + " must be an object with \"router\"")
                        && run.err().contains("\"exports\""),
                run.err());
        assertTrue(
                serve("--config", dir.resolve("missing.json").toString()).err().contains("is not a file"));
    }

    @Test
    void modelAndConfigTogetherAreRefused() {
        assertEquals(2, serve("--model", "a=b", "--config", "c").exitCode());
    }
}
