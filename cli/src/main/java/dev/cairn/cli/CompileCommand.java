package dev.cairn.cli;

import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.statemachines.DeploymentSettings;
import dev.cairn.statemachines.StateMachineCompiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "compile",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Compile a flow to the Amazon States Language definition its Step Functions state machine runs.",
            "The definition is linted against the service's limits; a flow that cannot fit is refused with the limit named."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:compiled", "2:bad arguments, an invalid flow, or a flow beyond a service limit"})
final class CompileCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FLOW", description = "Simple class name of the flow, e.g. CountryModels.")
    String flow;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the definition here instead of printing it.")
    Path out;

    @Option(
            names = "--bucket",
            paramLabel = "NAME",
            defaultValue = "cairn-datastore",
            description = "Datastore bucket (default: ${DEFAULT-VALUE}; the flow stack passes the real one).")
    String bucket;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "", description = "Key prefix inside the bucket.")
    String prefix;

    @Option(
            names = "--branch",
            paramLabel = "NAME",
            description = "Branch the state machine runs in (default: $CAIRN_BRANCH or user.$USER).")
    String branch;

    @Option(
            names = "--max-items",
            paramLabel = "STEP=N",
            split = ",",
            description = {
                "Most items a foreach step fans out to, for the history-event budget, e.g. start=200,country=100.",
                "Overrides the step's @Step(maxItems); a foreach with neither is assumed to hold 1,000."
            })
    List<String> maxItems = List.of();

    @Override
    public Integer call() throws Exception {
        FlowGraph graph = RunCommand.graph(flow);
        DeploymentSettings.Builder settings =
                DeploymentSettings.builder(bucket).datastorePrefix(prefix).branch(DatastoreOptions.branch(branch));
        for (String item : maxItems) {
            String[] kv = item.split("=", 2);
            if (kv.length != 2 || !graph.hasStep(kv[0]) || !kv[1].matches("\\d+")) {
                throw new UserError("--max-items takes STEP=N with a step of " + graph.name() + ", got '" + item + "'");
            }
            settings.maxForeachItems(kv[0], Integer.parseInt(kv[1]));
        }
        String definition = StateMachineCompiler.compile(graph, settings.build());
        if (out == null) {
            spec.commandLine().getOut().println(definition);
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(out, definition, StandardCharsets.UTF_8);
            spec.commandLine().getErr().printf("wrote %s (%d KB)%n", out, definition.length() / 1024);
            spec.commandLine().getErr().flush();
        }
        return 0;
    }
}
