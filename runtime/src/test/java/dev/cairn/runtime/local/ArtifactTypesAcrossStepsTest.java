package dev.cairn.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.cloud.StepRequest;
import dev.cairn.runtime.cloud.StepRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The next step reads what the step before it stored, as it was: locally and as Batch jobs alike. */
class ArtifactTypesAcrossStepsTest {
    @TempDir
    Path root;

    sealed interface Shape permits Circle, Square {}

    record Circle(double radius) implements Shape {}

    record Square(double side) implements Shape {}

    record Summary(String country, Instant when, Optional<String> note, Shape best) {}

    static final Instant WHEN = Instant.parse("2026-12-04T10:15:30.123Z");

    /** Stores shapes and a summary in start; end describes what it read back. */
    @Flow(project = "tests")
    public static class Shapes extends FlowSpec {
        Shape shape;
        List<Shape> shapes;
        Summary summary;
        Optional<Instant> finished;
        ArrayList<String> names;
        String seen;

        @Step(next = "end")
        public void start() {
            shape = new Square(2);
            shapes = List.of(new Circle(1), new Square(3));
            summary = new Summary("DE", WHEN, Optional.empty(), new Circle(4));
            finished = Optional.of(WHEN);
            names = new ArrayList<>(List.of("a"));
        }

        @Step
        public void end() {
            names.add("b"); // a field declared ArrayList gets an ArrayList
            seen = shape + " " + shapes + " " + summary + " " + finished + " " + names;
        }
    }

    private static final String EXPECTED = new Square(2) + " " + List.of(new Circle(1), new Square(3)) + " "
            + new Summary("DE", WHEN, Optional.empty(), new Circle(4)) + " " + Optional.of(WHEN) + " [a, b]";

    private RunOptions options() {
        return RunOptions.defaults()
                .withDatastore(root)
                .withBranch("test.types")
                .withMaxWorkers(2);
    }

    private static String seen(FlowDatastore ds, String run) throws Exception {
        TaskRecord end = ds.latestTask(run, "end", "0").orElseThrow();
        return (String)
                new ArtifactStore(ds.blobs(), Codecs.discover(ArtifactTypesAcrossStepsTest.class.getClassLoader()))
                        .read(end.artifacts().get("seen"), String.class)
                        .value();
    }

    @Test
    void sealedRecordsJavaTimeAndOptionalsReachTheNextStepLocally() throws Exception {
        FlowGraph graph = FlowGraph.of(Shapes.class);
        RunRecord run = LocalRuntime.run(graph, Map.of(), options());
        assertEquals(RunStatus.SUCCEEDED, run.status(), String.valueOf(run.error()));
        assertEquals(EXPECTED, seen(LocalRuntime.datastore(graph, options()), run.run()));
    }

    @Test
    void sealedRecordsJavaTimeAndOptionalsReachTheNextStepAsBatchJobs() throws Exception {
        FlowGraph graph = FlowGraph.of(Shapes.class);
        FlowDatastore ds = LocalRuntime.datastore(graph, options());
        StringWriter err = new StringWriter();
        StepRunner runner =
                new StepRunner(graph, ds, Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, runner.run(StepRequest.task("r1", "start", "0").withParameters("{}")), err.toString());
        assertEquals(0, runner.run(StepRequest.task("r1", "end", "0").withEnd()), err.toString());
        assertEquals(EXPECTED, seen(ds, "r1"));
        assertTrue(err.toString().isEmpty(), err.toString());
    }
}
