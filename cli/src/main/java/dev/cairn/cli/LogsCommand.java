package dev.cairn.cli;

import dev.cairn.client.CairnClient;
import dev.cairn.client.Run;
import dev.cairn.client.RunStep;
import dev.cairn.client.Task;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.flow.StepError;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
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
            "Print what a task wrote to standard output and standard error.",
            "Standard error comes second (marked), of the task's latest attempt unless --attempt is given. TASK may be left out for a step with one task.",
            "A failed attempt's error and stack trace come last (marked), unless --stdout or --stderr is given.",
            "An attempt without a record (its cloud job still runs, or was killed for its timeout or memory) shows what",
            "its job last saved of its output (every 10 s; CAIRN_PARTIAL_LOG_SECONDS).",
            "FLOW/RUN alone prints the run's shared log: what pool threads several tasks shared (the common",
            "pool of parallel streams) printed while more than one task ran, credited to none of them."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:printed", "2:bad arguments, or no such flow, run, step, task or attempt"})
final class LogsCommand implements Callable<Integer> {
    static final String USAGE = "FLOW/RUN[/STEP[/TASK]]";
    static final String STDERR_MARK = "--- stderr ---";
    static final String ERROR_MARK = "--- error ---";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = USAGE,
            description = "The task, e.g. CountryModels/latest/train/0-3, or the run for its shared log.")
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
        Pathspec target = Pathspec.parse(client, path, 1, 3, USAGE);
        Run run = client.flow(target.flow()).run(target.run());
        if (target.step() == null) {
            if (attempt != null) {
                throw new UserError("--attempt is for a task's log; " + run.pathspec()
                        + " names a run, whose shared log has no attempts");
            }
            return print(
                    run.sharedStdout(),
                    run.sharedStderr(),
                    null,
                    run.pathspec() + " printed nothing outside its tasks");
        }
        Optional<Run.UnfinishedAttempt> unfinished =
                run.unfinishedAttempt(target.step(), target.task() == null ? "0" : target.task());
        if (unfinished.isPresent()
                && (attempt == null || attempt == unfinished.get().attempt())) {
            // no record: the job is still running or was killed (timeout, memory) before it could write one
            Run.UnfinishedAttempt u = unfinished.get();
            PrintWriter err = spec.commandLine().getErr();
            err.printf(
                    "cairn: %s attempt %d has no record (still running, or its job was killed): what it printed"
                            + " when its job last saved it%n",
                    u.pathspec(), u.attempt());
            err.flush();
            return print(
                    u.stdout(),
                    u.stderr(),
                    null,
                    u.pathspec() + " (attempt " + u.attempt() + ") had printed nothing when last saved");
        }
        RunStep step = run.step(target.step());
        Task task = chosenAttempt(target.task() == null ? onlyTask(step) : step.task(target.task()));
        return print(
                task.stdout(),
                task.stderr(),
                task.status() == TaskStatus.FAILED ? task.error() : null,
                task.pathspec() + " (attempt " + task.attempt() + ") printed nothing");
    }

    /**
     * Prints the chosen streams, the second marked when both are, then a failed attempt's error (which it did not
     * print itself: the runtime caught it); says so when the task printed nothing.
     */
    private int print(String printedOut, String printedErr, StepError failure, String nothing) {
        PrintWriter out = spec.commandLine().getOut();
        boolean both = !stream.stdout && !stream.stderr;
        String stdout = both || stream.stdout ? printedOut : "";
        String stderr = both || stream.stderr ? printedErr : "";
        out.print(stdout);
        if (both && !stderr.isEmpty()) {
            if (!stdout.isEmpty() && !stdout.endsWith("\n")) {
                out.println();
            }
            out.println(STDERR_MARK);
        }
        out.print(stderr);
        if (both && failure != null) {
            if (!(stdout + stderr).isEmpty() && !(stdout + stderr).endsWith("\n")) {
                out.println();
            }
            out.println(ERROR_MARK);
            out.print(failure.stackTrace() != null ? failure.stackTrace() : failure + "\n");
        }
        out.flush();
        if (stdout.isEmpty() && stderr.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("%s%s.%n", nothing, both ? "" : stream.stdout ? " to stdout" : " to stderr");
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
