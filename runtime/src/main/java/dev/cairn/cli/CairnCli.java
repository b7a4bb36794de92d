package dev.cairn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cairn} command line.
 *
 * <pre>
 * cairn run CountryModels --countries 5
 * cairn show CountryModels/latest/end
 * </pre>
 */
@Command(name = "cairn", mixinStandardHelpOptions = true, versionProvider = CairnCli.Version.class,
        description = "Write ML flows once, run them locally, deploy each flow as its own AWS stack.",
        subcommands = {RunCommand.class, ResumeCommand.class, RunsCommand.class, ShowCommand.class, LogsCommand.class,
                StepCommand.class, CompileCommand.class,
                CommandLine.HelpCommand.class})
public final class CairnCli {
    /** Exit code of a run that failed. */
    static final int RUN_FAILED = 1;
    /** Exit code of a command given wrong arguments (picocli's own default as well). */
    static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** How the user runs cairn ({@code ./cairn} from the repository root), for the hints the CLI prints. */
    static String command() {
        String launcher = System.getenv("CAIRN_COMMAND");
        return launcher == null || launcher.isBlank() ? "cairn" : launcher;
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CairnCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("cairn: " + e.getMessage());
                return USAGE;
            }
            commandLine.getErr().println("cairn: " + e);
            e.printStackTrace(commandLine.getErr());
            return RUN_FAILED;
        });
        return cli;
    }

    /** The version in the jar's manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CairnCli.class.getPackage().getImplementationVersion();
            return new String[] {"cairn " + (v == null ? "dev" : v)};
        }
    }
}
