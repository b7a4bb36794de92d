package dev.cairn.cli;

import dev.cairn.client.CairnClient;
import dev.cairn.client.RunStep;
import dev.cairn.client.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Print what a task wrote to standard output, then to standard error (marked),",
            "of its latest attempt unless --attempt is given. TASK may be left out for a step with one task."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:printed", "2:bad arguments, or no such flow, run, step, task or attempt"})
final class LogsCommand implements Callable<Integer> {
    static final String USAGE = "FLOW/RUN/STEP[/TASK]";
    static final String STDERR_MARK = "--- stderr ---";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = USAGE, description = "The task, e.g. CountryModels/latest/train/0-3.")
    String path;

    @ArgGroup(exclusive = true)
    Streams stream = new Streams();

    static final class Streams {
        @Option(names = "--stdout", description = "Only standard output, unmarked.")
        boolean stdout;

        @Option(names = "--stderr", description = "Only standard error, unmarked.")
        boolean stderr;
    }

    @Option(
            names = "--attempt",
            paramLabel = "N",
            description = "Which attempt: 1 for the first (default: the latest).")
    Integer attempt;

    @Mixin
    DatastoreOptions store;

    @Override
    public Integer call() {
        CairnClient client = store.client();
        Pathspec target = Pathspec.parse(client, path, 2, 3, USAGE);
        RunStep step = client.flow(target.flow()).run(target.run()).step(target.step());
        Task task = chosenAttempt(target.task() == null ? onlyTask(step) : step.task(target.task()));
        PrintWriter out = spec.commandLine().getOut();
        boolean both = !stream.stdout && !stream.stderr;
        String stdout = both || stream.stdout ? task.stdout() : "";
        String stderr = both || stream.stderr ? task.stderr() : "";
        out.print(stdout);
        if (both && !stderr.isEmpty()) {
            if (!stdout.isEmpty() && !stdout.endsWith("\n")) {
                out.println();
            }
            out.println(STDERR_MARK);
        }
        out.print(stderr);
        out.flush();
        if (stdout.isEmpty() && stderr.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(
                    "%s (attempt %d) printed nothing%s.%n",
                    task.pathspec(), task.attempt(), both ? "" : stream.stdout ? " to stdout" : " to stderr");
            err.flush();
        }
        return 0;
    }

    private Task chosenAttempt(Task latest) {
        if (attempt == null) {
            return latest;
        }
        List<Task> attempts = latest.attempts();
        return attempts.stream()
                .filter(a -> a.attempt() == attempt)
                .findFirst()
                .orElseThrow(() ->
                        new UserError("task " + latest.pathspec() + " has no attempt " + attempt + "; its attempts are "
                                + attempts.stream().map(Task::attempt).toList()));
    }

    private static Task onlyTask(RunStep step) {
        try {
            return step.task();
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
    }
}
