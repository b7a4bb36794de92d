package dev.cairn.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.RunRecord;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.testing.flows.FailingFlow;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run id is a name: resume never reaches another branch's run through a path in it. */
class CrossBranchResumeTest {
    @TempDir
    Path root;

    private RunOptions on(String branch) {
        return RunOptions.defaults().withDatastore(root).withBranch(branch).withMaxWorkers(2);
    }

    @Test
    void resumingARunIdThatClimbsIntoAnotherBranchIsRefusedAndStartsNothing() throws Exception {
        FlowGraph graph = FlowGraph.of(FailingFlow.class);
        RunRecord bobs = LocalRuntime.run(graph, Map.of(), on("user.bob"));
        String escape = "../../../user.bob/" + graph.name() + "/runs/" + bobs.run();

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LocalRuntime.resume(graph, escape, Optional.empty(), on("user.alice")));

        assertTrue(e.getMessage().startsWith("run id '../../../user.bob/"), e.getMessage());
        assertEquals(0, LocalRuntime.datastore(graph, on("user.alice")).runIds().size(), "no run on alice's branch");
    }
}
