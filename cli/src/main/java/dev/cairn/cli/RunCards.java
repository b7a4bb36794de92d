package dev.cairn.cli;

import dev.cairn.cards.RunCard;
import dev.cairn.datastore.RunRecord;
import dev.cairn.flow.internal.graph.FlowGraph;

/** Writes the card of a run that just ended, for {@code run} and {@code resume}. */
final class RunCards {
    private RunCards() {}

    /** The card's path, or why there is none: a card that cannot be drawn must not fail the run. */
    static String write(DatastoreOptions store, FlowGraph graph, RunRecord run) {
        try {
            return RunCard.write(
                            store.client(),
                            graph,
                            graph.name(),
                            run.run(),
                            CardCommand.defaultLocation(store, graph.name(), run.run()))
                    .toString();
        } catch (RuntimeException | Error e) { // an OutOfMemoryError too: one line, the run's outcome stands
            return "not written (" + (e instanceof RuntimeException ? e.getMessage() : e.toString()) + "); try: "
                    + CairnCli.command() + " card " + graph.name() + "/" + run.run();
        }
    }
}
