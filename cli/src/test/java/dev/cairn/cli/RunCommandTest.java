package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cairn(String... args) {
        var cli = CairnCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--datastore", root.toString(), "--branch", "test.cli"}, 0, all, args.length, 4);
        return cli.execute(all);
    }

    @Test
    void successfulRunExitsZeroAndSaysWhereTheResultsAre() {
        assertEquals(0, cairn("run", "CrashFlow", "--items", "3"));
        assertTrue(out.toString().contains("succeeded"), out.toString());
        assertTrue(out.toString().contains("show CrashFlow/"), out.toString());
        assertTrue(out.toString().contains(root.toString()), out.toString());
    }

    @Test
    void parameterOfTheWrongTypeIsRefusedWithExitCode2BeforeAnythingRuns() {
        assertEquals(2, cairn("run", "CrashFlow", "--items", "many"));
        assertTrue(err.toString().contains("--items expects an int, got 'many'"), err.toString());
        assertTrue(!Files.exists(root.resolve("tests")), "no run was recorded");
    }

    @Test
    void unknownParameterIsRefusedWithExitCode2NamingTheKnownOnes() {
        assertEquals(2, cairn("run", "CrashFlow", "--itemz", "3"));
        assertTrue(err.toString().contains("no parameter --itemz"), err.toString());
        assertTrue(err.toString().contains("--items"), err.toString());
    }

    @Test
    void unknownFlowIsRefusedWithExitCode2() {
        assertEquals(2, cairn("run", "NoSuchFlow"));
        assertTrue(err.toString().contains("no flow named NoSuchFlow"), err.toString());
    }

    @Test
    void failedRunExitsOneNamingTheStepTaskAndException() {
        assertEquals(1, cairn("run", "FailingFlow"));
        String e = err.toString();
        assertTrue(e.contains("step boom, task 0"), e);
        assertTrue(e.contains("java.lang.ArithmeticException: model diverged"), e);
        assertTrue(e.contains("logs FailingFlow/"), e);
        assertTrue(e.contains("resume FailingFlow/"), e);
    }

    @Test
    void helpWithAFlowListsItsParametersAndDefaults() {
        assertEquals(0, cairn("run", "CrashFlow", "--help"));
        assertTrue(out.toString().contains("--items <int>"), out.toString());
        assertTrue(out.toString().contains("(default: 30)"), out.toString());
    }
}
