package dev.cairn.cli;

import dev.cairn.cards.RunCard;
import dev.cairn.client.CairnClient;
import dev.cairn.client.Run;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.layout.DatastoreLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "card",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write a run's card: one self-contained HTML page, no network needed.",
            "It holds the flow graph, a timeline, the slowest and failed tasks, artifact previews and the charts its steps added.",
            "RUN may be `latest`. Prints the card's path."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:written", "2:bad arguments, or no such flow or run"})
final class CardCommand implements Callable<Integer> {
    static final String USAGE = "FLOW/RUN";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = USAGE, description = "The run, e.g. CountryModels/latest.")
    String path;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description =
                    "Where to write the card (default: <datastore>/_cards/<Flow>-<run>.html; ./cairn-cards/ for s3:// datastores).")
    Path out;

    @Option(names = "--open", description = "Open the card in a browser (xdg-open or open).")
    boolean open;

    @Mixin
    DatastoreOptions store;

    @Override
    public Integer call() {
        CairnClient client = store.client();
        Pathspec target = Pathspec.parse(client, path, 1, 1, USAGE);
        Run run = client.flow(target.flow()).run(target.run());
        Path file = out != null ? out : defaultLocation(store, run.flow(), run.id());
        Path written = RunCard.write(client, graph(run.flow()), target.flow(), run.id(), file);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(written);
        if (open) {
            stdout.println(openInBrowser(written));
        }
        stdout.flush();
        return 0;
    }

    /** The flow's graph when its class is on the classpath; otherwise the card draws what the records say. */
    private static FlowGraph graph(String flow) {
        try {
            return FlowGraph.of(FlowLocator.find(flow));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String openInBrowser(Path file) {
        for (String opener : List.of("xdg-open", "open")) {
            if (onPath(opener)) {
                try {
                    new ProcessBuilder(opener, file.toString()).inheritIO().start();
                    return "opened with " + opener;
                } catch (IOException e) {
                    return "could not start " + opener + ": " + e.getMessage();
                }
            }
        }
        return "neither xdg-open nor open is installed: open " + file + " in a browser";
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null
                && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    /** Cards of local runs live beside their data; cards of cloud runs go to the working directory. */
    static Path defaultLocation(DatastoreOptions store, String flow, String run) {
        Path folder = store.isS3() ? Path.of("cairn-cards") : store.datastore().resolve(DatastoreLayout.CARDS);
        return folder.resolve(flow + "-" + run + ".html");
    }
}
