package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CairnCliTest {
    @TempDir
    Path root;

    @Test
    void helpListsTheCommandsThatReadRunsBack() {
        CommandLine cli = CairnCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        assertEquals(0, cli.execute("--help"));
        for (String command : new String[] {"runs", "show", "logs"}) {
            assertTrue(out.toString().lines().anyMatch(l -> l.strip().startsWith(command + " ")), out.toString());
        }
    }

    /** The top-level help shows each command's first description line: it must be a whole sentence. */
    @Test
    void everyCommandSummaryIsAWholeSentence() {
        for (CommandLine command : CairnCli.commandLine().getSubcommands().values()) {
            String[] description = command.getCommandSpec().usageMessage().description();
            String summary = description.length == 0 ? "" : description[0].strip();
            assertTrue(
                    summary.endsWith(".") || summary.endsWith(".)"),
                    command.getCommandName() + "'s summary is cut: " + summary);
        }
    }

    /**
     * picocli runs help text through String.format: a lone % ("95% interval") prints a picocli WARN on every --help and
     * leaves the text unformatted.
     */
    @Test
    void versionIsTheBuildsNotDev() {
        CommandLine cli = CairnCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        assertEquals(0, cli.execute("--version"));
        assertTrue(out.toString().matches("cairn \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), out.toString());
    }

    @Test
    void resumeOfAnUnknownRunIdExitsWithTwo() throws Exception {
        java.nio.file.Files.createDirectories(root);

        CliRun result = CliRun.of(root, "resume", "20990101-000000-abcdef");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("cairn: no run 20990101-000000-abcdef in " + root), result.err());
    }
}
