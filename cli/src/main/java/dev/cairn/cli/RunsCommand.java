package dev.cairn.cli;

import dev.cairn.cards.HumanTime;
import dev.cairn.cards.TextTable;
import dev.cairn.client.CairnClient;
import dev.cairn.client.FlowRuns;
import dev.cairn.client.Run;
import dev.cairn.datastore.RunStatus;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "List a flow's runs, newest first: status, start, duration, parameters, code version.",
            "Without FLOW, list the flows that have runs on this branch."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:listed", "2:bad arguments, or no such flow"})
final class RunsCommand implements Callable<Integer> {
    private static final int MAX_PARAMETERS_TEXT = 40;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FLOW", description = "The flow's name, or PROJECT/FLOW.")
    String flow;

    @Option(
            names = "--status",
            paramLabel = "STATUS",
            description = "Only runs in this state: running, succeeded, failed or died (its process was killed).")
    String status;

    @Option(
            names = {"-n", "--limit"},
            paramLabel = "N",
            description = "Show at most N runs (default: ${DEFAULT-VALUE}).")
    int limit = 20;

    @Mixin
    DatastoreOptions store;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new UserError("-n must be at least 1, got " + limit);
        }
        CairnClient client = store.client();
        PrintWriter out = spec.commandLine().getOut();
        if (flow == null) {
            listFlows(client, out);
        } else {
            listRuns(client.flow(flow), out);
        }
        out.flush();
        return 0;
    }

    private void listRuns(FlowRuns flowRuns, PrintWriter out) {
        RunStatus wanted = status == null ? null : status(status);
        FlowRuns.Listing listing = flowRuns.listing(); // one read of the run records for both
        List<Run> runs = listing.runs().stream()
                .filter(r -> wanted == null || r.status() == wanted)
                .toList();
        listing.damaged().forEach(d -> out.println("warning: skipped a run: " + d));
        String which = wanted == null ? "" : wanted.name().toLowerCase(Locale.ROOT) + " ";
        if (runs.isEmpty()) {
            out.printf("%s has no %sruns on branch %s.%n", flowRuns.name(), which, flowRuns.branch());
            return;
        }
        out.printf(
                "%s runs of %s (project %s, branch %s), newest first:%n",
                which.isEmpty() ? "All" : capitalized(which.strip()),
                flowRuns.name(),
                flowRuns.project(),
                flowRuns.branch());
        TextTable table =
                new TextTable(List.of("run", "status", "started", "duration", "parameters", "code", "resumed from"));
        for (Run run : runs.subList(0, Math.min(limit, runs.size()))) {
            table.row(List.of(
                    run.id(),
                    status(run),
                    HumanTime.at(run.startedAt()),
                    run.duration().map(HumanTime::took).orElse("-"),
                    parameters(run.parameters()),
                    String.valueOf(run.codeVersion()),
                    run.resumedFrom().orElse("-")));
        }
        table.lines("  ").forEach(out::println);
        if (runs.size() > limit) {
            out.printf("... %d more: %s runs %s -n %d%n", runs.size() - limit, CairnCli.command(), flow, runs.size());
        }
        out.printf(
                "Details: %s show %s/%s%n",
                CairnCli.command(), flow, runs.get(0).id());
    }

    private static void listFlows(CairnClient client, PrintWriter out) {
        List<FlowRuns> flows = client.flows();
        if (flows.isEmpty()) {
            out.printf(
                    "No flow has run on branch %s in %s yet: start one with %s run FLOW.%n",
                    client.branch(), client.location(), CairnCli.command());
            return;
        }
        out.printf("Flows on branch %s in %s:%n", client.branch(), client.location());
        TextTable table = new TextTable(List.of("flow", "project", "runs", "latest run", "status", "started"));
        for (FlowRuns f : flows) {
            List<Run> runs = f.runs();
            Run latest = runs.isEmpty() ? null : runs.get(0);
            table.row(List.of(
                    f.name(),
                    f.project(),
                    String.valueOf(runs.size()),
                    latest == null ? "-" : latest.id(),
                    latest == null ? "-" : latest.status().name(),
                    latest == null ? "-" : HumanTime.at(latest.startedAt())));
        }
        table.lines("  ").forEach(out::println);
        out.println("A flow's runs: " + CairnCli.command() + " runs FLOW");
    }

    /** {@code DIED, resumed by <run>}: what became of a run that was resumed is part of its state. */
    private static String status(Run run) {
        List<String> resumedBy = run.resumedBy();
        return run.status().name() + (resumedBy.isEmpty() ? "" : ", resumed by " + String.join(", ", resumedBy));
    }

    private static RunStatus status(String text) {
        try {
            return RunStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--status " + text + " is not a run state; use one of "
                    + Arrays.stream(RunStatus.values())
                            .map(s -> s.name().toLowerCase(Locale.ROOT))
                            .toList());
        }
    }

    /** {@code countries=5 trials=24}, cut to fit a column. */
    static String parameters(Map<String, Object> parameters) {
        if (parameters.isEmpty()) {
            return "-";
        }
        String text = parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        return text.length() <= MAX_PARAMETERS_TEXT ? text : text.substring(0, MAX_PARAMETERS_TEXT - 1) + "…";
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
