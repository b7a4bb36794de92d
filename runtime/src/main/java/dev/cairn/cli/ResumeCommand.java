package dev.cairn.cli;

import dev.cairn.flow.graph.FlowGraph;
import dev.cairn.runtime.datastore.RunRecord;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a failed (or killed) run again as a new run with the same parameters.",
                "Tasks that succeeded are taken over by reference; the failed step and everything after it run again."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the resumed run succeeded", "1:it failed again", "2:bad arguments"})
final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "RUN_ID or FLOW/RUN_ID of the run to resume.")
    String run;

    @Option(names = "--from", paramLabel = "STEP", description = "Run this step and all after it again, even where they succeeded.")
    String from;

    @Option(names = "--max-workers", paramLabel = "N", description = "Tasks running at once (default: ${DEFAULT-VALUE}).")
    int maxWorkers = RunOptions.defaults().maxWorkers();

    @Mixin
    DatastoreOptions store;

    @Override
    public Integer call() throws Exception {
        String flowName;
        String runId;
        if (run.contains("/")) {
            flowName = run.substring(0, run.indexOf('/'));
            runId = run.substring(run.indexOf('/') + 1);
        } else {
            runId = run;
            flowName = flowOfRun(runId);
        }
        FlowGraph graph = RunCommand.graph(flowName);
        if (from != null && !graph.hasStep(from)) {
            throw new UserError("flow " + graph.name() + " has no step `" + from + "`; its steps are "
                    + graph.steps().stream().map(s -> s.name()).toList());
        }
        RunOptions options = new RunOptions(store.datastore(), store.branch(), maxWorkers, null);
        RunProgress progress = RunProgress.forConsole(graph, spec.commandLine().getOut(), spec.commandLine().getErr());
        RunRecord resumed = LocalRuntime.resume(graph, runId, Optional.ofNullable(from), options.withListener(progress));
        return progress.report(resumed, LocalRuntime.datastore(graph, options).location());
    }

    /** The flow a run id belongs to, found in the datastore under this branch. */
    private String flowOfRun(String runId) throws Exception {
        Path root = store.datastore();
        List<Path> matches;
        try (Stream<Path> projects = Files.list(root)) {
            matches = projects.map(p -> p.resolve(store.branch())).filter(Files::isDirectory)
                    .flatMap(branch -> {
                        try {
                            return Files.list(branch).toList().stream();
                        } catch (java.io.IOException e) {
                            return Stream.empty();
                        }
                    })
                    .filter(flow -> Files.isDirectory(flow.resolve("runs").resolve(runId)))
                    .toList();
        } catch (java.nio.file.NoSuchFileException e) {
            matches = List.of();
        }
        if (matches.size() != 1) {
            throw new UserError(matches.isEmpty()
                    ? "no run " + runId + " in " + root + " (branch " + store.branch() + "); see runs with: cairn runs FLOW"
                    : "run id " + runId + " is in several flows; give FLOW/" + runId);
        }
        return matches.get(0).getFileName().toString();
    }
}
