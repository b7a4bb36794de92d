package dev.cairn.runtime.local;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.cloud.StepRequest;
import dev.cairn.runtime.cloud.StepRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A double parameter that is not a finite number is refused before anything is written, locally and in Batch. */
class FiniteParametersTest {
    @TempDir
    Path root;

    @Flow(project = "tests")
    public static class Rated extends FlowSpec {
        @Parameter
        double rate = 0.1;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    private final FlowGraph graph = FlowGraph.of(Rated.class);

    private RunOptions options() {
        return RunOptions.defaults()
                .withDatastore(root)
                .withBranch("test.params")
                .withMaxWorkers(1);
    }

    private static void assertNamesRate(IllegalArgumentException e) {
        assertTrue(e.getMessage().contains("parameter --rate expects a double (a finite number)"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1e400"})
    void aLocalRunRefusesIt(String rate) throws Exception {
        assertNamesRate(assertThrows(
                IllegalArgumentException.class, () -> LocalRuntime.run(graph, Map.of("rate", rate), options())));
        assertTrue(LocalRuntime.datastore(graph, options()).runIds().isEmpty(), "no run was started");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "-1e999", "\"Infinity\"", "\"NaN\""})
    void theStartJobOfACloudRunRefusesIt(String json) throws Exception {
        FlowDatastore ds = LocalRuntime.datastore(graph, options());
        StepRunner runner = new StepRunner(
                graph, ds, Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertNamesRate(assertThrows(
                IllegalArgumentException.class,
                () -> runner.run(StepRequest.task("r1", "start", "0").withParameters("{\"rate\": " + json + "}"))));
        assertTrue(ds.readRun("r1").isEmpty(), "no run record was written");
    }
}
