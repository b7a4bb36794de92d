package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.internal.graph.InvalidFlowException;
import dev.cairn.testing.flows.CountryScoresFlow;
import dev.cairn.testing.flows.FailingFlow;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CairnTest {
    @TempDir
    Path root;

    @Test
    void runsAFlowAndReturnsTheRunToReadItsArtifacts() throws Exception {
        Cairn cairn = Cairn.local(root).branch(CairnClientTest.BRANCH).maxWorkers(2);
        Run run = cairn.run(CountryScoresFlow.class, Map.of("countries", "2"));
        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertEquals(0.625, run.step("train").task("0-1").artifact("score", Double.class));
        assertEquals(
                run.id(),
                cairn.flow("CountryScoresFlow").latestSuccessful().orElseThrow().id());
    }

    @Test
    void aFailedRunIsReturnedForTheCallerToRead() throws Exception {
        Run run = Cairn.local(root).branch(CairnClientTest.BRANCH).run(FailingFlow.class, Map.of());
        assertEquals(RunStatus.FAILED, run.status());
    }

    @Test
    void badParametersAndFlowsAreRefusedBeforeAnythingRuns() {
        Cairn cairn = Cairn.local(root).branch(CairnClientTest.BRANCH);
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class, () -> cairn.run(CountryScoresFlow.class, Map.of("countrys", "2")));
        assertTrue(unknown.getMessage().contains("countrys"), unknown.getMessage());
        assertThrows(InvalidFlowException.class, () -> cairn.run(NoEnd.class, Map.of()));
        assertTrue(cairn.client().flows().isEmpty(), "nothing was written");
        assertThrows(IllegalArgumentException.class, () -> cairn.maxWorkers(0));
    }

    public static class NoEnd extends dev.cairn.flow.FlowSpec {
        @dev.cairn.flow.Step(next = "nowhere")
        public void start() {}
    }
}
