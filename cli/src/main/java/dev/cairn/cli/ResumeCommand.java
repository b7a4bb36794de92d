package dev.cairn.cli;

import dev.cairn.client.CairnClient;
import dev.cairn.client.FlowRuns;
import dev.cairn.client.Run;
import dev.cairn.datastore.RunRecord;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run a failed (or killed) run again as a new run with the same parameters.",
            "Tasks that succeeded are taken over by reference; the failed step and everything after it run again."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the resumed run succeeded", "1:it failed again", "2:bad arguments"})
final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "[FLOW/]RUN",
            description = "The run to resume: RUN_ID, or FLOW/RUN where RUN may be `latest` or `latest-successful`.")
    String run;

    @Option(
            names = "--from",
            paramLabel = "STEP",
            description = "Run this step and all after it again, even where they succeeded.")
    String from;

    @Option(
            names = "--max-workers",
            paramLabel = "N",
            description = "Tasks running at once (default: ${DEFAULT-VALUE}).")
    int maxWorkers = RunOptions.defaultMaxWorkers();

    @Mixin
    DatastoreOptions store;

    @Override
    public Integer call() throws Exception {
        String flowName;
        String runId;
        if (run.contains("/")) {
            CairnClient client = CairnClient.local(store.datastore(), store.branch());
            Pathspec target = Pathspec.parse(client, run, 1, 1, "FLOW/RUN");
            Run resolved = client.flow(target.flow()).run(target.run());
            flowName = resolved.flow();
            runId = resolved.id();
        } else if (run.equals(FlowRuns.LATEST) || run.equals(FlowRuns.LATEST_SUCCESSFUL)) {
            throw new UserError("which flow's " + run + " run? give FLOW/" + run + ", e.g. " + CairnCli.command()
                    + " resume CountryModels/" + run);
        } else {
            runId = run;
            flowName = flowOfRun(runId);
        }
        FlowGraph graph = RunCommand.graph(flowName);
        if (from != null && !graph.hasStep(from)) {
            throw new UserError("flow " + graph.name() + " has no step `" + from + "`; its steps are "
                    + graph.steps().stream().map(s -> s.name()).toList());
        }
        RunPreconditions.check(store.env);
        RunOptions options = store.runOptions(maxWorkers);
        RunProgress progress = RunProgress.forConsole(
                graph, spec.commandLine().getOut(), spec.commandLine().getErr());
        RunRecord resumed =
                LocalRuntime.resume(graph, runId, Optional.ofNullable(from), options.withListener(progress));
        return progress.report(
                resumed,
                LocalRuntime.datastore(graph, options).location(),
                () -> RunCards.write(store, graph, resumed));
    }

    /** The flow a run id belongs to, found in the datastore under this branch. */
    private String flowOfRun(String runId) {
        CairnClient client = CairnClient.local(store.datastore(), store.branch());
        return client.findRun(runId)
                .map(Run::flow)
                .orElseThrow(() -> new UserError("no run " + runId + " in " + client.location() + " (branch "
                        + store.branch() + "); see runs with: " + CairnCli.command() + " runs FLOW"));
    }
}
