package dev.cairn.statemachines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.InvalidFlowException;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.testing.flows.ArmToJoinFlow;
import dev.cairn.testing.flows.BoundedFlow;
import dev.cairn.testing.flows.BranchFlow;
import dev.cairn.testing.flows.BranchInForeachFlow;
import dev.cairn.testing.flows.ChunkedForeachFlow;
import dev.cairn.testing.flows.FlakyFlow;
import dev.cairn.testing.flows.ForeachFlow;
import dev.cairn.testing.flows.GpuFlow;
import dev.cairn.testing.flows.GridFlow;
import dev.cairn.testing.flows.LinearFlow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StateMachineCompilerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static DeploymentSettings settings() {
        return DeploymentSettings.builder("bucket")
                .datastorePrefix("root")
                .branch("prod")
                .cpuJobQueueArn("cpu-queue")
                .gpuJobQueueArn("gpu-queue")
                .queue("spot", "spot-queue")
                .build();
    }

    static String compile(Class<? extends FlowSpec> flow) {
        return StateMachineCompiler.compile(FlowGraph.of(flow), settings());
    }

    /** A flow of each shape, and the step settings of each kind a deployment turns into queues and timeouts. */
    static Stream<Class<? extends FlowSpec>> shapes() {
        return Stream.of(
                LinearFlow.class,
                BranchFlow.class,
                ArmToJoinFlow.class,
                ForeachFlow.class,
                GridFlow.class,
                BranchInForeachFlow.class,
                GpuFlow.class,
                TestFlows.SpotQueue.class);
    }

    /** Exact output for the small flows; CAIRN_GOLDEN_UPDATE=1 rewrites the files. */
    @ParameterizedTest
    @MethodSource("shapes")
    void matchesGoldenFile(Class<? extends FlowSpec> flow) throws Exception {
        String actual = compile(flow);
        Path file = Path.of("src/test/resources/golden/" + flow.getSimpleName() + ".asl.json");
        if ("1".equals(System.getenv("CAIRN_GOLDEN_UPDATE"))) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
        }
        assertTrue(Files.exists(file), "missing golden file " + file + " (CAIRN_GOLDEN_UPDATE=1 writes it)");
        assertEquals(Files.readString(file), actual);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void everyStepIsAStateAndEveryBatchTaskHasATimeout(Class<? extends FlowSpec> flow) throws Exception {
        FlowGraph graph = FlowGraph.of(flow);
        JsonNode root = JSON.readTree(StateMachineCompiler.compile(graph, settings()));
        Set<String> names = new HashSet<>();
        List<JsonNode> batch = new ArrayList<>();
        walk(root.get("States"), (n, s) -> {
            assertTrue(names.add(n), "state names are unique: " + n);
            if (s.path("Resource").asText().contains(":batch:")) {
                batch.add(s);
            }
        });
        for (StepNode step : graph.steps()) {
            assertTrue(names.contains(step.name()), "a state is named after step " + step.name());
        }
        assertFalse(batch.isEmpty());
        for (JsonNode task : batch) {
            assertTrue(task.get("TimeoutSeconds").asLong() > 0, task.toString());
            assertEquals(StateMachineCompiler.BATCH_SYNC, task.get("Resource").asText());
            assertTrue(task.get("ResultPath").isNull(), "no job description in the state");
            assertTrue(task.path("Parameters").path("ContainerOverrides").has("Command.$"));
            JsonNode retry = task.get("Retry").get(0);
            assertEquals("FULL", retry.get("JitterStrategy").asText());
            assertEquals(2, retry.get("BackoffRate").asInt());
        }
        assertTrue(AslLint.lint(JSON.writeValueAsString(root)).stream()
                .noneMatch(f -> f.severity() == AslLint.Severity.ERROR));
    }

    @Test
    void foreachStepPlansReadsTheSummaryAndMapsOverChunks() throws Exception {
        JsonNode states = JSON.readTree(compile(ForeachFlow.class)).get("States");
        assertEquals("work.summary", states.get("work.plan").get("Next").asText());
        String planCommand = states.get("work.plan")
                .at("/Parameters/ContainerOverrides/Command.$")
                .asText();
        assertTrue(planCommand.contains("\u001f--plan{}"), planCommand);
        JsonNode summary = states.get("work.summary");
        assertEquals(StateMachineCompiler.S3_GET_OBJECT, summary.get("Resource").asText());
        assertEquals(
                "States.Format('root/tests/prod/ForeachFlow/runs/{}/_plans/work.summary.json', $.cairn.run)",
                summary.at("/Parameters/Key.$").asText());
        assertEquals(
                "States.StringToJson($.Body)",
                summary.at("/ResultSelector/summary.$").asText());
        JsonNode map = states.get("work");
        assertEquals("Map", map.get("Type").asText());
        assertEquals(40, map.get("MaxConcurrency").asInt());
        JsonNode inner = map.at("/ItemProcessor/States");
        assertEquals(
                "$.size",
                inner.at("/work.array/Parameters/ArrayProperties/Size.$").asText());
        assertEquals(1, inner.at("/work.size/Choices/0/NumericEquals").asInt());
        assertEquals("work.single", inner.at("/work.size/Choices/0/Next").asText());
        assertTrue(inner.at("/work.single/Parameters/ArrayProperties").isMissingNode());
        assertTrue(inner.at("/work.array/Parameters/ContainerOverrides/Command.$")
                .asText()
                .contains("--chunk-offset\u001f{}"));
        assertEquals("join", map.get("Next").asText());
    }

    @Test
    void commandFollowsTheStepRunnerContract() throws Exception {
        JsonNode states = JSON.readTree(compile(LinearFlow.class)).get("States");
        String start = states.at("/start/Parameters/ContainerOverrides/Command.$")
                .asText()
                .replace('\u001f', ' ');
        // the image's ENTRYPOINT is the CLI: the command is its arguments, starting with the subcommand
        assertEquals(
                "States.StringSplit(States.Format('step LinearFlow --datastore {} --branch prod --run {} --step start"
                        + " --parameters {} --task 0{}', $.cairn.datastore, $.cairn.run, States.JsonToString($.cairn.input.parameters),"
                        + " $.cairn.resumeArgs), ' ')",
                start);
        assertEquals(
                "s3://bucket/root",
                states.at("/cairn.fresh/Parameters/cairn/datastore").asText());
        String end = states.at("/end/Parameters/ContainerOverrides/Command.$")
                .asText()
                .replace('\u001f', ' ');
        assertTrue(end.contains("--step end --task 0 --end{}"), end);
        assertEquals(
                " --origin-run {} --origin-from {}",
                states.at("/cairn.resumeFrom/Parameters/cairn/resumeArgs.$")
                        .asText()
                        .replace('\u001f', ' ')
                        .replaceAll("^States.Format\\('(.*)', .*$", "$1"));
        String comment = JSON.readTree(compile(LinearFlow.class)).get("Comment").asText();
        assertTrue(comment.contains("\"epochs\": int (default 3)"), comment);
        assertTrue(comment.contains("ContainerOverrides.Command"), comment);
    }

    @Test
    void settingsPickQueuesJobDefinitionsRetriesAndTimeouts() throws Exception {
        JsonNode states = JSON.readTree(compile(GpuFlow.class)).get("States");
        JsonNode train = states.get("train");
        assertEquals("gpu-queue", train.at("/Parameters/JobQueue").asText());
        assertEquals(
                "cairn-GpuFlow-8cpu-32768mb-1gpu",
                train.at("/Parameters/JobDefinition").asText());
        assertTrue(train.at("/Parameters/RetryStrategy").isMissingNode(), "Batch's retries cannot wait: see Retry");
        assertEquals(
                3600, train.at("/Parameters/Timeout/AttemptDurationSeconds").asInt());
        assertEquals(3600 + 3600, train.get("TimeoutSeconds").asInt(), "per attempt: each retry is a job of its own");
        assertEquals("cpu-queue", states.at("/start/Parameters/JobQueue").asText());
        JsonNode report = JSON.readTree(compile(TestFlows.SpotQueue.class)).at("/States/report");
        assertEquals("spot-queue", report.at("/Parameters/JobQueue").asText());
        assertTrue(report.at("/Parameters/RetryStrategy").isMissingNode());
        assertEquals(86_400, report.get("TimeoutSeconds").asInt());
        DeploymentSettings custom = DeploymentSettings.builder("b")
                .jobDefinitions(r -> "jd-" + r.cpu())
                .build();
        assertEquals(
                "jd-8",
                JSON.readTree(StateMachineCompiler.compile(FlowGraph.of(GpuFlow.class), custom))
                        .at("/States/train/Parameters/JobDefinition")
                        .asText());
    }

    /** A failure anywhere reaches the top level, where each state that can fail catches it into the record job. */
    @Test
    void everyFailureEndsInTheRecordJobThenFailsWithTheErrorCaught() throws Exception {
        for (Class<? extends FlowSpec> flow : List.of(BranchFlow.class, ForeachFlow.class, BranchInForeachFlow.class)) {
            JsonNode states = JSON.readTree(compile(flow)).get("States");
            states.properties().forEach(e -> {
                String type = e.getValue().path("Type").asText();
                boolean canFail = List.of("Task", "Map", "Parallel").contains(type);
                if (canFail && !e.getKey().equals(StateMachineCompiler.RECORD_FAILURE)) {
                    JsonNode c = e.getValue().at("/Catch/0");
                    assertEquals("[\"States.ALL\"]", c.path("ErrorEquals").toString(), e.getKey());
                    assertEquals("$.error", c.path("ResultPath").asText(), e.getKey());
                    assertEquals(
                            StateMachineCompiler.RECORD_FAILURE, c.path("Next").asText(), e.getKey());
                }
            });
            JsonNode record = states.get(StateMachineCompiler.RECORD_FAILURE);
            String command =
                    record.at("/Parameters/ContainerOverrides/Command.$").asText();
            assertTrue(
                    command.contains("--record-failure\u001f{}") && command.endsWith("$.error.Error), '\u001f')"),
                    command);
            assertEquals(StateMachineCompiler.FAILED, record.path("Next").asText());
            assertEquals(StateMachineCompiler.FAILED, record.at("/Catch/0/Next").asText(), "even when recording fails");
            assertEquals("$.recordError", record.at("/Catch/0/ResultPath").asText(), "the first error stays");
            JsonNode failed = states.get(StateMachineCompiler.FAILED);
            assertEquals("Fail", failed.path("Type").asText());
            assertEquals("$.error.Error", failed.path("ErrorPath").asText());
            assertEquals("$.error.Cause", failed.path("CausePath").asText());
        }
        JsonNode branch = JSON.readTree(compile(BranchFlow.class)).at("/States/start.branch/Branches/0/States");
        branch.properties()
                .forEach(e -> assertTrue(
                        e.getValue().path("Catch").isMissingNode(), e.getKey() + ": its Parallel catches for it"));
    }

    /** Batch's own retries follow at once: {@code @Retry}'s backoff is Step Functions' retrier on the job's state. */
    @Test
    void retryBecomesAStepFunctionsRetrierWithTheDeclaredBackoffAndNumbersTheAttempt() throws Exception {
        JsonNode train =
                JSON.readTree(compile(GpuFlow.class)).at("/States/train"); // @Retry(times = 2, backoffSeconds = 5)
        assertEquals(
                JSON.readTree(
                        "{\"ErrorEquals\": [\"States.TaskFailed\"], \"IntervalSeconds\": 5, \"MaxAttempts\": 2, \"BackoffRate\": 2}"),
                train.at("/Retry/1"));
        String command = train.at("/Parameters/ContainerOverrides/Command.$").asText();
        assertTrue(command.contains("--retry-count\u001f{}") && command.contains("$$.State.RetryCount"), command);

        JsonNode flaky = JSON.readTree(compile(FlakyFlow.class)).at("/States/start"); // backoffSeconds = 0
        assertEquals(1, flaky.at("/Retry/1/IntervalSeconds").asInt(), "Step Functions waits at least 1 s");
        assertEquals(1, flaky.at("/Retry/1/BackoffRate").asInt(), "and no longer each time");

        JsonNode once = JSON.readTree(compile(LinearFlow.class)).at("/States/start"); // no @Retry
        assertEquals(1, once.get("Retry").size(), "only the Batch API throttling retrier");
        assertFalse(once.at("/Parameters/ContainerOverrides/Command.$").asText().contains("--retry-count"));
    }

    @Test
    void everyBatchTaskTagsItsJobWithTheDeploymentsJobTagsAndPropagatesThem() throws Exception {
        DeploymentSettings tagged = DeploymentSettings.builder("bucket")
                .jobTag("cairn:flow-stack", "Cairn-demo-ForeachFlow-prod")
                .build();
        List<JsonNode> tasks = new ArrayList<>();
        walk(
                JSON.readTree(StateMachineCompiler.compile(FlowGraph.of(ForeachFlow.class), tagged))
                        .get("States"),
                (name, state) -> {
                    if (StateMachineCompiler.BATCH_SYNC.equals(
                            state.path("Resource").asText())) {
                        tasks.add(state);
                    }
                });
        assertFalse(tasks.isEmpty());
        for (JsonNode task : tasks) {
            assertEquals(
                    "{\"cairn:flow-stack\":\"Cairn-demo-ForeachFlow-prod\"}",
                    task.at("/Parameters/Tags").toString(),
                    task.toString());
            assertTrue(task.at("/Parameters/PropagateTags").asBoolean(), task.toString());
        }
        assertTrue(
                JSON.readTree(compile(ForeachFlow.class)).toString().indexOf("\"Tags\"") < 0,
                "no tags unless the deployment names some");
        IllegalArgumentException tooLong = assertThrows(
                IllegalArgumentException.class,
                () -> DeploymentSettings.builder("b")
                        .jobTag("k", "v".repeat(257))
                        .build());
        assertTrue(tooLong.getMessage().contains("at most 256"), tooLong.getMessage());
    }

    @Test
    void branchBecomesParallelFollowedByTheJoin() throws Exception {
        JsonNode states = JSON.readTree(compile(BranchFlow.class)).get("States");
        assertEquals("start.branch", states.at("/start/Next").asText());
        JsonNode parallel = states.get("start.branch");
        assertEquals(2, parallel.get("Branches").size());
        assertEquals("left", parallel.at("/Branches/0/StartAt").asText());
        assertTrue(parallel.at("/Branches/0/States/left/End").asBoolean());
        assertEquals("join", parallel.get("Next").asText());
    }

    @Test
    void rejectsSettingsBatchCannotExpress() {
        // refused by the graph, for local runs too, before the compiler sees it
        InvalidFlowException timeout =
                assertThrows(InvalidFlowException.class, () -> compile(TestFlows.ShortTimeout.class));
        assertTrue(timeout.getMessage().contains("the shortest is 60 s"), timeout.getMessage());
        IllegalArgumentException queue = assertThrows(
                IllegalArgumentException.class,
                () -> StateMachineCompiler.compile(
                        FlowGraph.of(TestFlows.SpotQueue.class),
                        DeploymentSettings.builder("b").build()));
        assertTrue(queue.getMessage().contains("queue `spot`"), queue.getMessage());
    }

    @Test
    void rejectsAFanOutWhoseHistoryCannotFit() {
        DeploymentSettings huge = DeploymentSettings.builder("b")
                .maxForeachItems("start", 100_000)
                .maxForeachItems("row", 100_000) // 10^10 cells: 10,000 array jobs of 10,000 children of 100 tasks
                .build();
        AslLint.AslLimitException e = assertThrows(
                AslLint.AslLimitException.class,
                () -> StateMachineCompiler.compile(FlowGraph.of(GridFlow.class), huge));
        assertEquals(Set.of(AslLint.Rule.HISTORY_EVENTS), e.rules());
        assertTrue(e.getMessage().contains("at most 25,000 history events"), e.getMessage());
    }

    /**
     * The flow stack passes the bucket as a CDK token ({@code ${Token[TOKEN.52]}}); the CDK resolves a token in a
     * plain JSON string, never one escaped inside an intrinsic function's string literal.
     */
    @Test
    void theBucketNameStaysOutOfIntrinsicLiteralsSoATokenResolves() throws Exception {
        String token = "${Token[TOKEN.52]}";
        DeploymentSettings settings =
                DeploymentSettings.builder(token).datastorePrefix("cairn").build();
        for (Class<? extends dev.cairn.flow.FlowSpec> flow :
                List.of(LinearFlow.class, GridFlow.class, BranchInForeachFlow.class)) {
            String definition = StateMachineCompiler.compile(FlowGraph.of(flow), settings);
            assertFalse(definition.contains("$\\{Token"), "escaped token in " + flow.getSimpleName());
            List<String> intrinsics = new ArrayList<>();
            List<String> plain = new ArrayList<>();
            walk(
                    JSON.readTree(definition).get("States"),
                    (name, state) -> state.findParents("Parameters")
                            .forEach(p -> collect(p.get("Parameters"), intrinsics, plain)));
            assertTrue(
                    intrinsics.stream().noneMatch(v -> v.contains("Token[")),
                    () -> flow.getSimpleName() + ": " + intrinsics);
            assertTrue(
                    plain.stream().anyMatch(v -> v.equals("s3://" + token + "/cairn")),
                    () -> flow.getSimpleName() + ": " + plain);
        }
    }

    private static void collect(JsonNode node, List<String> intrinsics, List<String> plain) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getValue().isTextual()) {
                (e.getKey().endsWith(".$") ? intrinsics : plain)
                        .add(e.getValue().asText());
            } else {
                collect(e.getValue(), intrinsics, plain);
            }
        }
    }

    @Test
    void declaredForeachBoundsSizeTheMachineAndADeploymentCanOverrideThem() {
        StateMachineCompiler.Compiled declared = StateMachineCompiler.compileDetailed(
                FlowGraph.of(BoundedFlow.class), DeploymentSettings.builder("b").build());
        assertEquals(10_000, declared.maxTasksPerStep(), "200 x 10 x 5 from @Step(maxItems)");
        assertTrue(declared.estimate().historyEvents() < AslLint.MAX_HISTORY_EVENTS, declared.estimate()::toString);
        StateMachineCompiler.Compiled overridden = StateMachineCompiler.compileDetailed(
                FlowGraph.of(BoundedFlow.class),
                DeploymentSettings.builder("b").maxForeachItems("start", 400).build());
        assertEquals(20_000, overridden.maxTasksPerStep(), "the deployment's bound wins over the annotation");
    }

    @Test
    void aFanOutBeyondTheHistoryLimitNamesTheBoundsItAssumedAndHowToDeclareThem() {
        AslLint.AslLimitException e = assertThrows(
                AslLint.AslLimitException.class,
                () -> StateMachineCompiler.compile(
                        FlowGraph.of(BoundedFlow.class),
                        DeploymentSettings.builder("b")
                                .maxForeachItems("region", 100_000_000)
                                .build()));
        String message = e.getMessage();
        assertTrue(message.contains("`start` <= 200 items (@Step(maxItems))"), message);
        assertTrue(message.contains("`region` <= 100000000 items (deployment setting)"), message);
        assertTrue(
                message.contains("@Step(foreach = ..., maxItems = N)") && message.contains("--max-items STEP=N"),
                message);
        AslLint.AslLimitException nested = assertThrows(
                AslLint.AslLimitException.class,
                () -> StateMachineCompiler.compile(
                        FlowGraph.of(GridFlow.class),
                        DeploymentSettings.builder("b")
                                .defaultMaxForeachItems(100_000)
                                .build()));
        assertTrue(nested.getMessage().contains("`start` <= 100000 items (default)"), nested.getMessage());
    }

    @Test
    void estimateStaysFlatInTheNumberOfTasks() {
        DeploymentSettings s = DeploymentSettings.builder("b")
                .maxForeachItems("start", 200)
                .maxForeachItems("row", 100)
                .build();
        StateMachineCompiler.Compiled c = StateMachineCompiler.compileDetailed(FlowGraph.of(GridFlow.class), s);
        assertEquals(20_000, c.maxTasksPerStep());
        // 20,000 cells are 200 children of 100 tasks: one array job
        assertEquals(Map.of("row", 1, "cell", 1, "joinRow", 1), c.mapIterations());
        // prelude 3 + start 1 + row 5 + cell 3+2*1 + joinRow 5 + joinAll 1 + end 1
        assertEquals(21, c.estimate().statesEntered());
        assertTrue(c.estimate().historyEvents() < 200, "events " + c.estimate());
    }

    @Test
    void theStatesAndTheTransitionsOfAChunkedStepDoNotGrowWithItsTasks() {
        List<Integer> states = new ArrayList<>();
        List<Long> entered = new ArrayList<>();
        for (int items : List.of(25, 2_000, 100_000)) {
            DeploymentSettings s = DeploymentSettings.builder("b")
                    .maxForeachItems("start", items)
                    .build();
            StateMachineCompiler.Compiled c =
                    StateMachineCompiler.compileDetailed(FlowGraph.of(ChunkedForeachFlow.class), s);
            assertEquals(Map.of("work", 1), c.mapIterations(), "at most 10,000 children of 10 tasks: one array job");
            states.add(c.stateCount());
            entered.add(c.estimate().statesEntered());
        }
        assertEquals(1, states.stream().distinct().count(), "states: " + states);
        assertEquals(1, entered.stream().distinct().count(), "states entered: " + entered);
    }

    @Test
    void aChunkedStepPassesItsChunksTasksPerChildAndGetsTheTimeOfItsTasksInTurn() throws Exception {
        JsonNode states =
                JSON.readTree(compile(TestFlows.ChunkedWithTimeout.class)).get("States");
        JsonNode map = states.get("train");
        assertEquals(
                "$$.Map.Item.Value.tasksPerChild",
                map.at("/ItemSelector/tasksPerChild.$").asText());
        JsonNode array = map.at("/ItemProcessor/States/train.array");
        String command = array.at("/Parameters/ContainerOverrides/Command.$").asText();
        assertTrue(command.contains("--chunk-offset\u001f{}\u001f--tasks-per-child\u001f{}"), command);
        assertTrue(command.contains("$.offset, $.tasksPerChild"), command);
        // 10 tasks per child, 2 at a time on its 2 vCPUs: 5 turns of @Timeout(minutes = 2)
        assertEquals(600, array.at("/Parameters/Timeout/AttemptDurationSeconds").asInt());
        JsonNode single = map.at("/ItemProcessor/States/train.single");
        assertEquals(
                600, single.at("/Parameters/Timeout/AttemptDurationSeconds").asInt());
    }

    static void walk(JsonNode states, BiConsumer<String, JsonNode> visit) {
        for (Map.Entry<String, JsonNode> e : states.properties()) {
            visit.accept(e.getKey(), e.getValue());
            e.getValue().path("Branches").forEach(b -> walk(b.get("States"), visit));
            if (e.getValue().has("ItemProcessor")) {
                walk(e.getValue().get("ItemProcessor").get("States"), visit);
            }
        }
    }
}
