package dev.cairn.runtime.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import dev.cairn.flow.internal.graph.FlowGraph;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cloud run's record, written by {@code cairn step}: Step Functions owns its status, so it holds no lease. */
class CloudRunLeaseTest {
    @TempDir
    Path root;

    @Flow(project = "tests")
    public static class TwoSteps extends FlowSpec {
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    private final FlowGraph graph = FlowGraph.of(TwoSteps.class);

    private FlowDatastore ds() throws Exception {
        return new FlowDatastore(new LocalObjectStore(root), graph.project(), "test.cloud", graph.name());
    }

    private void step(StepRequest request) throws Exception {
        StringWriter err = new StringWriter();
        int code = new StepRunner(graph, ds(), Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err))
                .run(request);
        assertEquals(StepRunner.SUCCEEDED, code, err.toString());
    }

    @Test
    void cloudRunBetweenItsJobsIsRunningNotDiedHoweverLongItWaits() throws Exception {
        step(StepRequest.task("r1", "start", "0"));

        RunRecord record = ds().readRun("r1").orElseThrow();
        assertNull(record.leaseUntil(), "no process of a cloud run lives long enough to renew a lease");
        assertEquals(RunStatus.RUNNING, record.statusAt(Instant.now().plus(Duration.ofDays(1))));
    }

    @Test
    void resumedCloudRunMarksItsOrigin() throws Exception {
        step(StepRequest.task("r1", "start", "0"));
        step(StepRequest.task("r2", "start", "0").withOrigin("r1", null));

        assertEquals(List.of("r2"), ds().resumedBy("r1"));
        assertEquals("r1", ds().readRun("r2").orElseThrow().resumedFrom());
    }
}
