package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.runtime.cloud.StepRunner;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import dev.cairn.testing.flows.BranchFlow;
import dev.cairn.testing.flows.ChunkedForeachFlow;
import dev.cairn.testing.flows.GridFlow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn step} driven exactly as the flow's state machine drives it, compared with a local run. */
class StepCommandTest {
    private static final String BRANCH = "test.cloud";

    @TempDir
    Path root;

    private final StringWriter err = new StringWriter();

    /** {@code cairn step FLOW --datastore ROOT --branch test.cloud ARGS...} with the Batch environment {@code env}. */
    private int step(Map<String, String> env, String flow, String... args) {
        List<String> all = new ArrayList<>(List.of("step", flow, "--datastore", root.toString(), "--branch", BRANCH));
        all.addAll(List.of(args));
        var cli = CairnCli.commandLine();
        ((StepCommand) cli.getSubcommands().get("step").getCommand()).store.env = env;
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        return cli.execute(all.toArray(String[]::new));
    }

    /** Every step in graph order: start with the parameters, a plan and one job per task for the rest, --end on end. */
    private void drive(Class<? extends FlowSpec> flow, String run, String parameters) throws Exception {
        FlowGraph graph = FlowGraph.of(flow);
        String name = flow.getName();
        for (StepNode node : graph.steps()) {
            String end = node.name().equals(FlowGraph.END) ? "--end" : null;
            if (node.parents().isEmpty()) {
                assertEquals(
                        0,
                        step(
                                Map.of(),
                                name,
                                args(
                                        "--run",
                                        run,
                                        "--step",
                                        node.name(),
                                        "--parameters",
                                        parameters,
                                        "--task",
                                        "0",
                                        end)),
                        err.toString());
                continue;
            }
            assertEquals(0, step(Map.of(), name, "--run", run, "--step", node.name(), "--plan"), err.toString());
            var summary = datastore(graph).readPlanSummary(run, node.name()).orElseThrow();
            for (FlowDatastore.Chunk chunk : summary.chunks()) {
                for (int i = 0; i < chunk.size(); i++) {
                    Map<String, String> env = chunk.size() == 1
                            ? Map.of() // a one-task chunk runs as a plain job
                            : Map.of(StepRunner.ARRAY_INDEX, String.valueOf(i), StepRunner.JOB_ATTEMPT, "1");
                    assertEquals(
                            0,
                            step(
                                    env,
                                    name,
                                    args(
                                            "--run",
                                            run,
                                            "--step",
                                            node.name(),
                                            "--chunk-offset",
                                            String.valueOf(chunk.offset()),
                                            "--tasks-per-child",
                                            String.valueOf(chunk.tasksPerChild()),
                                            end)),
                            err.toString());
                }
            }
        }
    }

    private static String[] args(String... args) {
        return java.util.Arrays.stream(args).filter(a -> a != null).toArray(String[]::new);
    }

    private FlowDatastore datastore(FlowGraph graph) throws Exception {
        return LocalRuntime.datastore(
                graph, RunOptions.defaults().withDatastore(root).withBranch(BRANCH));
    }

    /** step/task -> artifacts of a run. */
    private Map<String, Map<String, ArtifactRef>> artifacts(FlowGraph graph, String run) throws Exception {
        Map<String, Map<String, ArtifactRef>> all = new TreeMap<>();
        for (StepNode node : graph.steps()) {
            for (TaskRecord task : datastore(graph).latestTasks(run, node.name())) {
                assertTrue(task.succeeded(), task.pathspec());
                all.put(node.name() + "/" + task.task(), task.artifacts());
            }
        }
        return all;
    }

    private void assertParity(Class<? extends FlowSpec> flow, String json, Map<String, String> parameters)
            throws Exception {
        FlowGraph graph = FlowGraph.of(flow);
        drive(flow, "cloud-1", json);
        RunRecord local = LocalRuntime.run(
                graph,
                parameters,
                RunOptions.defaults().withDatastore(root).withBranch(BRANCH).withMaxWorkers(4));
        assertEquals(RunStatus.SUCCEEDED, local.status());
        RunRecord cloud = datastore(graph).readRun("cloud-1").orElseThrow();
        assertEquals(RunStatus.SUCCEEDED, cloud.status());
        assertNotNull(cloud.finishedAt());
        assertEquals(local.parameters(), cloud.parameters());
        Map<String, Map<String, ArtifactRef>> expected = artifacts(graph, local.run());
        assertFalse(expected.isEmpty());
        assertEquals(expected, artifacts(graph, "cloud-1"));
    }

    @Test
    void nestedForeachRunStepByStepEqualsALocalRun() throws Exception {
        assertParity(
                GridFlow.class,
                "{\"outer\": 2, \"inner\": \"3\", \"label\": \"g\"}",
                Map.of("outer", "2", "inner", "3", "label", "g"));
        FlowDatastore ds = datastore(FlowGraph.of(GridFlow.class));
        assertEquals(List.of("0-0-0", "0-0-1", "0-0-2", "0-1-0", "0-1-1", "0-1-2"), ds.taskIds("cloud-1", "cell"));
    }

    @Test
    void arrayChildrenOfTenTasksEqualALocalRun() throws Exception {
        assertParity(ChunkedForeachFlow.class, "{}", Map.of());
        assertEquals(
                25,
                datastore(FlowGraph.of(ChunkedForeachFlow.class))
                        .taskIds("cloud-1", "work")
                        .size());
    }

    @Test
    void branchRunStepByStepEqualsALocalRun() throws Exception {
        assertParity(BranchFlow.class, "{}", Map.of());
    }

    @Test
    void badParametersExitTwoNamingTheParameterAndRunNothing() {
        assertEquals(
                2,
                step(
                        Map.of(),
                        "GridFlow",
                        "--run",
                        "r1",
                        "--step",
                        "start",
                        "--task",
                        "0",
                        "--parameters",
                        "{\"outer\": \"wide\"}"));
        assertTrue(err.toString().contains("--outer expects an int, got 'wide'"), err.toString());
        assertEquals(
                2,
                step(
                        Map.of(),
                        "GridFlow",
                        "--run",
                        "r1",
                        "--step",
                        "start",
                        "--task",
                        "0",
                        "--parameters",
                        "{\"outr\": 2}"));
        assertTrue(err.toString().contains("no parameter --outr"), err.toString());
        assertFalse(Files.exists(root.resolve("tests")), "nothing was written");
    }

    @Test
    void failingStepExitsOneNamingStepTaskAndError() {
        assertEquals(
                0,
                step(
                        Map.of(),
                        "ForeachFlow",
                        "--run",
                        "r1",
                        "--step",
                        "start",
                        "--task",
                        "0",
                        "--parameters",
                        "{\"failAt\": 0}"));
        assertEquals(0, step(Map.of(), "ForeachFlow", "--run", "r1", "--step", "work", "--plan"));
        assertEquals(
                1,
                step(
                        Map.of(StepRunner.ARRAY_INDEX, "0"),
                        "ForeachFlow",
                        "--run",
                        "r1",
                        "--step",
                        "work",
                        "--chunk-offset",
                        "0",
                        "--attempt",
                        "1"));
        assertTrue(
                err.toString()
                        .contains(
                                "step work, task 0-0 (attempt 1) of run r1 failed: java.lang.IllegalStateException: item 0 is bad"),
                err.toString());
    }

    @Test
    void anS3DatastoreWithoutABucketIsABadArgument() {
        List<String> all = List.of(
                "step", "BranchFlow", "--datastore", "s3:///prefix", "--run", "r1", "--step", "start", "--task", "0");
        var cli = CairnCli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute(all.toArray(String[]::new)));
        assertTrue(err.toString().contains("--datastore s3:///prefix: not an s3://bucket/prefix URI"), err.toString());
    }

    @Test
    void helpDescribesTheContract() {
        var cli = CairnCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("step", "--help"));
        assertTrue(out.toString().contains("--chunk-offset"), out.toString());
        assertTrue(out.toString().contains("--origin-run"), out.toString());
    }
}
