package dev.cairn.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.cloud.StepRequest;
import dev.cairn.runtime.cloud.StepRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step sees its attempt counted from 1, as show, logs, cards and Batch count; records keep storing from 0. */
class AttemptNumbersTest {
    @TempDir
    Path root;

    /** Fails its first attempt; the second keeps the attempt number it saw. */
    @Flow(project = "tests")
    public static class SecondTime extends FlowSpec {
        int attemptSeen;

        @Retry(times = 1, backoffSeconds = 0)
        @Step(next = "end")
        public void start() {
            attemptSeen = current().attempt();
            if (attemptSeen == 1) {
                throw new IllegalStateException("first attempt fails");
            }
        }

        @Step
        public void end() {}
    }

    private final FlowGraph graph = FlowGraph.of(SecondTime.class);

    private RunOptions options() {
        return RunOptions.defaults()
                .withDatastore(root)
                .withBranch("test.attempts")
                .withMaxWorkers(1);
    }

    private static int attemptSeen(FlowDatastore ds, TaskRecord record) throws Exception {
        return (Integer) new ArtifactStore(ds.blobs(), Codecs.discover(AttemptNumbersTest.class.getClassLoader()))
                .read(record.artifacts().get("attemptSeen"), int.class)
                .value();
    }

    @Test
    void theSecondAttemptOfALocalRunIsAttempt2ToTheStepAndToItsRecordsReaders() throws Exception {
        RunRecord run = LocalRuntime.run(graph, Map.of(), options());
        assertEquals(RunStatus.SUCCEEDED, run.status());
        FlowDatastore ds = LocalRuntime.datastore(graph, options());
        TaskRecord start = ds.latestTask(run.run(), "start", "0").orElseThrow();
        assertEquals(2, attemptSeen(ds, start));
        assertEquals(2, start.attemptNumber());
        assertEquals(1, start.attempt(), "stored from 0, as records on disk always were");
        assertEquals(
                "first attempt fails",
                ds.readTask(run.run(), "start", "0", 0).orElseThrow().error().message());
    }

    @Test
    void batchsSecondAttemptIsAttempt2ToTheStep() throws Exception {
        FlowDatastore ds = LocalRuntime.datastore(graph, options());
        StepRunner runner = new StepRunner(
                graph,
                ds,
                Map.of(StepRunner.JOB_ATTEMPT, "2"),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        assertEquals(0, runner.run(StepRequest.task("r1", "start", "0").withParameters("{}")));
        TaskRecord start = ds.latestTask("r1", "start", "0").orElseThrow();
        assertEquals(2, attemptSeen(ds, start));
        assertEquals(1, start.attempt());
    }
}
