package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Cairn;
import dev.cairn.testing.CairnDatastore;
import dev.cairn.testing.CairnExtension;
import dev.cairn.testing.flows.LinearFlow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** Names from the command line that would become paths are refused in one line, exit 2, and never reach a path. */
@ExtendWith(CairnExtension.class)
class HostileNamesTest {

    /** {@code cairn ARGS} exactly as given (no datastore or branch added). */
    private static CliRun cairn(String... args) {
        CommandLine cli = CairnCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new CliRun(cli.execute(args), out.toString(), err.toString());
    }

    private static void oneLineUsageError(CliRun result, String expected) {
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains(expected), result::toString);
        assertEquals(1, result.err().strip().lines().count(), "one line, no stack trace: " + result);
    }

    @Test
    void logsOfATaskIdWithThreeThousandSegmentsIsOneLineNotAStackOverflow(Cairn cairn, @CairnDatastore Path root)
            throws Exception {
        String run = cairn.run(LinearFlow.class, Map.of()).id();
        String task = IntStream.range(0, 3000).mapToObj(i -> "1").collect(Collectors.joining("-"));

        CliRun result = CliRun.of(root, "logs", "LinearFlow/" + run + "/train/" + task);

        oneLineUsageError(result, "has no task 1-1-1");
    }

    @Test
    void anEmptyDatastoreIsRefusedRatherThanTheWorkingDirectory() {
        oneLineUsageError(cairn("runs", "--datastore", "", "--branch", "test.junit"), "--datastore is empty");
    }

    @Test
    void aDatastoreThatIsAFileIsRefusedInOneLine() {
        oneLineUsageError(
                cairn("run", "LinearFlow", "--datastore", "/dev/null", "--branch", "test.junit"),
                "--datastore /dev/null is not a folder");
    }

    @Test
    void aBranchTooLongForAFileNameIsRefusedBeforeTheRunStarts(@CairnDatastore Path root) {
        CliRun result = cairn("run", "LinearFlow", "--datastore", root.toString(), "--branch", "b".repeat(300));

        oneLineUsageError(result, "--branch: branch 'bbb");
        assertFalse(Files.exists(root.resolve("tests")), "nothing written");
    }

    @Test
    void aBranchOrProjectNamedLikeAReservedFolderIsRefusedByCompileAndTrigger() {
        oneLineUsageError(cairn("compile", "LinearFlow", "--branch", "_shared"), "--branch: branch '_shared'");
        oneLineUsageError(
                cairn("trigger", "LinearFlow", "--branch", "_serving", "--account", "123456789012"),
                "--branch: branch '_serving'");
        oneLineUsageError(
                cairn("trigger", "LinearFlow", "--branch", "prod", "--project", "_shared", "--account", "123456789012"),
                "--project: project '_shared'");
    }
}
