package dev.cairn.cli;

import dev.cairn.testing.CairnExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** One {@code cairn} command run in-process against a test datastore, with what it printed. */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code cairn COMMAND --datastore ROOT --branch test.junit ARGS...}: the branch of CairnExtension's runs. */
    static CliRun of(Path root, String command, String... args) {
        List<String> all =
                new ArrayList<>(List.of(command, "--datastore", root.toString(), "--branch", CairnExtension.BRANCH));
        all.addAll(List.of(args));
        CommandLine cli = CairnCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(all.toArray(String[]::new));
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
