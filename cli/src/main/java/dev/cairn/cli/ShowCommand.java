package dev.cairn.cli;

import dev.cairn.cards.HumanTime;
import dev.cairn.cards.TextTable;
import dev.cairn.client.CairnClient;
import dev.cairn.client.Run;
import dev.cairn.client.RunStep;
import dev.cairn.client.Task;
import dev.cairn.datastore.TaskIds;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Show a flow's graph, or a run, a step or a task: status, timings, failures, artifacts with previews.",
            "A flow alone (no run) shows its parameters and steps in order, each with its settings and transitions,",
            "without running anything. A run shows its parameters, failure and steps; a step its tasks; a task its",
            "artifacts, error and attempts. RUN may be `latest` (whatever its status) or `latest-successful`.",
            "A step with a single task is shown as that task: cairn show CountryModels/latest/end."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:shown",
            "1:shown, but an artifact's blob is damaged or missing (each is named)",
            "2:bad arguments, or no such flow, run, step or task"
        })
final class ShowCommand implements Callable<Integer> {
    static final String USAGE = "FLOW[/RUN[/STEP[/TASK]]]";
    /** Tasks of a foreach step listed in order before the rest are summed up. */
    static final int FIRST_TASKS = 20;

    static final int SLOWEST_TASKS = 5;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = USAGE,
            description = "What to show, e.g. CountryModels (the graph), CountryModels/latest or"
                    + " CountryModels/latest/train/0-3.")
    String path;

    @CommandLine.Option(
            names = "--path",
            paramLabel = "ARTIFACT",
            description = "Where ARTIFACT's blob is and how it is encoded, with the lines that read it outside Cairn"
                    + " (pyarrow, polars, DuckDB): for FLOW/RUN/STEP/TASK.")
    String artifactPath;

    @Mixin
    DatastoreOptions store;

    @Override
    public Integer call() {
        if (!path.contains("/")) {
            GraphView.print(spec.commandLine().getOut(), RunCommand.graph(path));
            return 0;
        }
        CairnClient client = store.client();
        Pathspec target = Pathspec.parse(client, path, 1, 3, USAGE);
        Run run = client.flow(target.flow()).run(target.run());
        PrintWriter out = spec.commandLine().getOut();
        if (artifactPath != null) {
            RunStep step = target.step() == null ? null : run.step(target.step());
            if (step == null || target.task() == null && step.tasks().size() != 1) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--path needs a task: FLOW/RUN/STEP/TASK, e.g. " + path + "/STEP/0");
            }
            Task task = target.task() != null
                    ? step.task(target.task())
                    : step.tasks().get(0);
            ArtifactPathView.print(out, task, artifactPath);
            out.flush();
            return 0;
        }
        List<String> problems = List.of();
        if (target.step() == null) {
            showRun(out, run, target.flow());
        } else {
            RunStep step = run.step(target.step());
            if (target.task() != null) {
                problems = TaskView.print(out, step.task(target.task()), target.flow());
            } else if (step.tasks().size() == 1) {
                problems = TaskView.print(out, step.tasks().get(0), target.flow());
            } else {
                showStep(out, step, target.flow());
            }
        }
        out.flush();
        problems.forEach(problem -> spec.commandLine().getErr().println("cairn: " + problem));
        return problems.isEmpty() ? 0 : 1;
    }

    private static void showRun(PrintWriter out, Run run, String flow) {
        String path = flow + "/" + run.id();
        out.printf("Run %s: %s%n", path, run.status());
        out.printf("  project     %s, branch %s%n", run.project(), run.record().branch());
        out.printf(
                "  parameters  %s%n",
                run.parameters().isEmpty()
                        ? "none"
                        : run.parameters().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(", ")));
        out.printf("  code        %s%n", run.codeVersion());
        out.printf(
                "  started     %s%s%n",
                HumanTime.at(run.startedAt()),
                run.record().user() == null ? "" : " by " + run.record().user());
        List<String> resumedBy = run.resumedBy();
        out.printf(
                "  finished    %s%n",
                run.finishedAt()
                        .map(end -> HumanTime.at(end) + " (took "
                                + HumanTime.took(run.duration().get()) + ")")
                        .orElseGet(() -> unfinished(run, path, resumedBy)));
        run.resumedFrom().ifPresent(from -> out.printf("  resumed     from %s/%s%n", flow, from));
        resumedBy.forEach(by -> out.printf("  resumed by  %s/%s%n", flow, by));
        run.failedTask()
                .ifPresentOrElse(
                        task -> {
                            out.printf(
                                    "  failed      step %s, task %s, attempt %d: %s%n",
                                    task.step(), task.id(), task.attempt(), task.error());
                            out.printf(
                                    "  logs        %s logs %s/%s/%s%n",
                                    CairnCli.command(), path, task.step(), task.id());
                            out.printf("  resume      %s resume %s%n", CairnCli.command(), path);
                        },
                        () -> run.error().ifPresent(error -> out.printf("  failed      %s%n", error)));
        List<RunStep> steps = run.steps();
        out.println();
        if (steps.isEmpty()) {
            out.println("Steps: no task has finished yet.");
            return;
        }
        out.println("Steps:");
        TextTable table = new TextTable(List.of("step", "tasks", "succeeded", "failed", "started", "wall time"));
        for (RunStep step : steps) {
            table.row(List.of(
                    step.name(),
                    String.valueOf(step.tasks().size()),
                    String.valueOf(step.succeeded()),
                    String.valueOf(step.failed()),
                    HumanTime.at(step.startedAt().orElse(null)),
                    HumanTime.took(step.wallTime())));
        }
        table.lines("  ").forEach(out::println);
        out.printf("A step's tasks or artifacts: %s show %s/STEP%n", CairnCli.command(), path);
    }

    private static String unfinished(Run run, String path, List<String> resumedBy) {
        String resume = resumedBy.isEmpty() ? "finish it with " + CairnCli.command() + " resume " + path : "";
        return switch (run.status()) {
            case DIED ->
                "never: its process died, its lease ran out at "
                        + HumanTime.at(run.record().leaseUntil()) + (resume.isEmpty() ? "" : " (" + resume + ")");
            case RUNNING ->
                run.record().leaseUntil() == null
                        ? "not yet: still running, or its process died" + (resume.isEmpty() ? "" : " (" + resume + ")")
                        : "not yet: still running";
            default -> "not recorded";
        };
    }

    private static void showStep(PrintWriter out, RunStep step, String flow) {
        String path = flow + "/" + step.run().id() + "/" + step.name();
        List<Task> tasks = step.tasks();
        out.printf("Step %s: %d tasks, %d succeeded, %d failed%n", path, tasks.size(), step.succeeded(), step.failed());
        out.printf("  started     %s%n", HumanTime.at(step.startedAt().orElse(null)));
        out.printf("  wall time   %s%n", HumanTime.took(step.wallTime()));
        Set<Task> slowest = tasks.size() > FIRST_TASKS
                ? tasks.stream()
                        .sorted(Comparator.comparing(Task::duration).reversed())
                        .limit(SLOWEST_TASKS)
                        .collect(Collectors.toSet())
                : Set.of();
        Set<Task> shown = new TreeSet<>(Comparator.comparing(Task::id, TaskIds.ORDER));
        tasks.stream().limit(FIRST_TASKS).forEach(shown::add);
        shown.addAll(slowest);
        tasks.stream().filter(t -> !t.succeeded()).limit(FIRST_TASKS).forEach(shown::add);
        out.println();
        TextTable table = new TextTable(List.of("task", "status", "attempt", "took", "note"));
        for (Task task : shown) {
            String note = task.error() != null
                    ? task.error().toString()
                    : slowest.contains(task)
                            ? "one of the slowest"
                            : task.clonedFrom().isPresent() ? "reused" : "";
            table.row(List.of(
                    task.id(),
                    task.status().name(),
                    String.valueOf(task.attempt()),
                    HumanTime.took(task.duration()),
                    note.length() > 60 ? note.substring(0, 59) + "…" : note));
        }
        table.lines("  ").forEach(out::println);
        if (shown.size() < tasks.size()) {
            out.printf(
                    "  ... %d more tasks (shown: the first %d, the %d slowest and the first failed ones)%n",
                    tasks.size() - shown.size(), FIRST_TASKS, SLOWEST_TASKS);
        }
        out.printf("A task's artifacts and logs: %s show %s/TASK%n", CairnCli.command(), path);
    }
}
