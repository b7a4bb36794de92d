package dev.cairn.cli;

import dev.cairn.datastore.DamagedBlobException;
import dev.cairn.datastore.DamagedRecordException;
import dev.cairn.datastore.MissingBlobException;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.CairnCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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
@Command(
        name = "cairn",
        mixinStandardHelpOptions = true,
        versionProvider = CairnCli.Version.class,
        description = "Write ML flows once, run them locally, deploy each flow as its own AWS stack.",
        subcommands = {
            RunCommand.class,
            ResumeCommand.class,
            RunsCommand.class,
            ShowCommand.class,
            VerifyCommand.class,
            LogsCommand.class,
            StepCommand.class,
            CompileCommand.class,
            SnowflakeCommand.class,
            CardCommand.class,
            TriggerCommand.class,
            ExperimentCommand.class,
            ExportModelCommand.class,
            ServeCommand.class,
            InitCommand.class,
            CommandLine.HelpCommand.class
        })
public final class CairnCli {
    /** Exit code of a run that failed. */
    static final int RUN_FAILED = 1;
    /** Exit code of a command given wrong arguments (picocli's own default as well). */
    static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * How the user runs cairn ({@code ./cairn} from the repository root), for every hint the CLI prints: {@code
     * CairnCli.command() + " resume " + run}. The modules below the CLI use {@link CairnCommand} itself.
     */
    static String command() {
        return CairnCommand.name();
    }

    /**
     * The cairn command for one flow, from that flow's own {@code main}: {@code HelloFlow run --x 3} runs it,
     * {@code HelloFlow show latest} shows its latest run, as {@code cairn run HelloFlow --x 3} and
     * {@code cairn show HelloFlow/latest} do.
     *
     * <pre>{@code
     * public static void main(String[] args) {
     *     CairnCli.main(HelloFlow.class, args);
     * }
     * }</pre>
     */
    public static void main(Class<? extends FlowSpec> flow, String... args) {
        System.exit(execute(flow, commandLine(), args));
    }

    /** {@link #main(Class, String...)} on {@code cli} (whose out and err tests may set), without the exit. */
    static int execute(Class<? extends FlowSpec> flow, CommandLine cli, String... args) {
        Optional<List<String>> cairn = FlowMainArguments.of(flow, List.of(args));
        if (cairn.isEmpty()) {
            boolean help = args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"));
            PrintWriter usage = help ? cli.getOut() : cli.getErr();
            usage.println(FlowMainArguments.usage(flow));
            usage.flush();
            return help ? 0 : USAGE;
        }
        return cli.execute(cairn.get().toArray(String[]::new));
    }

    /**
     * Runs the CLI in this JVM as a process with environment {@code env} would (today {@code cairn step}
     * reads its environment from it: $AWS_BATCH_JOB_ARRAY_INDEX, $AWS_BATCH_JOB_ATTEMPT, $CAIRN_S3_ENDPOINT,
     * $AWS_REGION; {@code cairn experiment report} reads AWS settings for s3:// inputs), printing to {@code out}
     * and {@code err}; returns the exit code. For tests and in-process executors, e.g. an emulated Batch job.
     */
    public static int execute(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        Map<String, String> environment = Map.copyOf(env);
        CommandLine cli = commandLine(new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof DatastoreOptions store) {
                    store.env = environment;
                }
                if (made instanceof ExperimentCommand.ReportCommand report) {
                    report.env = environment;
                }
                return made;
            }
        });
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    private static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(new CairnCli(), factory);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("cairn: " + e.getMessage());
                return USAGE;
            }
            Throwable damaged = cause(e, DamagedRecordException.class);
            if (damaged != null) {
                commandLine.getErr().println("cairn: " + damaged.getMessage());
                return USAGE;
            }
            Throwable badBlob = cause(e, DamagedBlobException.class);
            if (badBlob == null) {
                badBlob = cause(e, MissingBlobException.class);
            }
            if (badBlob != null) {
                commandLine.getErr().println("cairn: " + badBlob.getMessage()); // names blob, artifact, fix
                return RUN_FAILED;
            }
            if (e instanceof IOException || e instanceof UncheckedIOException) {
                // a full disk or an unreadable folder: the message names the file, a stack trace adds nothing
                commandLine.getErr().println("cairn: " + e.getMessage());
                return RUN_FAILED;
            }
            commandLine.getErr().println("cairn: " + e);
            e.printStackTrace(commandLine.getErr());
            return RUN_FAILED;
        });
        return cli;
    }

    private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    /** The version the build wrote into version.properties (the launcher runs from classes: no jar manifest). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties build = new Properties();
            try (InputStream in = CairnCli.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IOException("version.properties is missing from the CLI's classes: rebuild with ./mvnw");
                }
                build.load(in);
            }
            return new String[] {"cairn " + build.getProperty("version")};
        }
    }
}
