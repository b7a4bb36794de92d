package dev.cairn.cli;

import dev.cairn.datastore.RunRecord;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.InvalidFlowException;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
        name = "run",
        sortOptions = false,
        description = {
            "Run a flow locally: every step in this JVM, tasks in parallel, results in the local datastore.",
            "Flow parameters follow the flow's name: cairn run CountryModels --countries 5.",
            "`cairn run FLOW --help` lists the flow's parameters."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:the run succeeded",
            "1:the run failed (the failing task is named)",
            "2:bad arguments or an invalid flow"
        })
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FLOW",
            description = "Simple class name of the flow, e.g. CountryModels.")
    String flow;

    @Option(
            names = "--max-workers",
            paramLabel = "N",
            description = "Tasks running at once (default: ${DEFAULT-VALUE}).")
    int maxWorkers = RunOptions.defaultMaxWorkers();

    @Option(
            names = {"-h", "--help"},
            description = "Show this help, and the flow's parameters when FLOW is given.")
    boolean help;

    @Mixin
    DatastoreOptions store;

    @Unmatched
    List<String> flowArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (flow == null) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return help ? 0 : CairnCli.USAGE;
        }
        FlowGraph graph = graph(flow);
        if (help) {
            spec.commandLine().usage(spec.commandLine().getOut());
            spec.commandLine().getOut().print(FlowArguments.help(graph));
            spec.commandLine().getOut().flush();
            return 0;
        }
        RunOptions options = store.runOptions(maxWorkers);
        var parameters = FlowArguments.parse(graph, flowArgs);
        dev.cairn.runtime.task.RunParameters.resolve(graph, parameters); // refuse bad parameters before anything runs
        RunPreconditions.check(store.env);
        RunProgress progress = RunProgress.forConsole(
                graph, spec.commandLine().getOut(), spec.commandLine().getErr());
        RunRecord run = LocalRuntime.run(graph, parameters, options.withListener(progress));
        return progress.report(
                run, LocalRuntime.datastore(graph, options).location(), () -> RunCards.write(store, graph, run));
    }

    static FlowGraph graph(String name) {
        try {
            return FlowGraph.of(FlowLocator.find(name));
        } catch (InvalidFlowException e) {
            throw new UserError(e.getMessage());
        }
    }
}
