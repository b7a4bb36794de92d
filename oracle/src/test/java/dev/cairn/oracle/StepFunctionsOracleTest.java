package dev.cairn.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.bench.ForeachBenchmarkFlow;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.s3.S3ObjectStore;
import dev.cairn.datastore.s3.S3Proxy;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.oracle.flows.OracleBackoffFlow;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import dev.cairn.statemachines.DeploymentSettings;
import dev.cairn.statemachines.StateMachineCompiler;
import dev.cairn.testing.flows.BranchFlow;
import dev.cairn.testing.flows.ChunkedForeachFlow;
import dev.cairn.testing.flows.FailingFlow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiler's semantics, fast: a definition compiled straight from the flow, executed by an independent
 * interpreter (aws-local-stepfunctions, run by execute.mjs), its Batch jobs running the real {@code cairn step}
 * in this JVM ({@link InJvmBatch}) against an S3 datastore on s3proxy. Failures must fail the execution the
 * way Step Functions would, resume must reuse what succeeded, 1,000 tasks must fan out. What a deployment adds
 * (the synthesized definition, the image's entrypoint, the job definitions, IAM) is {@link DeployedFlowsOracleTest}'s.
 */
class StepFunctionsOracleTest {
    static final String BUCKET = "cairn-oracle";
    static final String PREFIX = "cairn";
    static final DeploymentSettings SETTINGS =
            DeploymentSettings.builder(BUCKET).datastorePrefix(PREFIX).build();

    static S3Proxy s3;
    static InJvmBatch batch;
    static TaskHandler handler;
    static final Map<String, String> savedProperties = new LinkedHashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Node.installed();
        s3 = new S3Proxy();
        s3.client().createBucket(b -> b.bucket(BUCKET));
        // the step runner's S3 client takes credentials from the default chain: system properties come first
        for (var p : Map.of("aws.accessKeyId", S3Proxy.IDENTITY, "aws.secretAccessKey", S3Proxy.CREDENTIAL)
                .entrySet()) {
            savedProperties.put(p.getKey(), System.getProperty(p.getKey()));
            System.setProperty(p.getKey(), p.getValue());
        }
        batch = new InJvmBatch(s3.endpoint(), 8);
        handler = new TaskHandler(s3.client(), batch, null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (handler != null) {
            handler.close();
            batch.close();
        }
        if (s3 != null) {
            s3.close();
        }
        savedProperties.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    @Test
    void foreachOfOneTaskRunsItsChunkAsAPlainJob() throws Exception {
        FlowGraph graph = FlowGraph.of(ForeachBenchmarkFlow.class);
        String run = "oracle-bench-one";
        JsonNode result = execute(graph, run, "{\"parameters\": {\"tasks\": 1}}", 120);
        assertEquals("SUCCEEDED", result.path("status").asText(), () -> "execution: " + result + "\njobs:\n" + jobs());
        assertTrue(
                batch.log.stream().anyMatch(l -> l.startsWith("work.single ") && l.contains("--run " + run + " ")),
                this::jobs);
        RunOptions options =
                RunOptions.defaults().withDatastore(dir.resolve("local")).withBranch(SETTINGS.branch());
        RunRecord local = LocalRuntime.run(graph, Map.of("tasks", "1"), options);
        RunParity parity = RunParity.compare(
                graph,
                LocalRuntime.datastore(graph, options),
                local.run(),
                cloudDatastore(graph),
                run,
                s3.client(),
                BUCKET,
                PREFIX);
        assertEquals(4, parity.tasks, parity::toString);
        assertEquals(0, parity.sameValueOtherModelBytes, parity::toString);
    }

    @Test
    void arrayChildrenOfTenTasksRunAsThreeAndTheRetryRerunsOnlyTheFailedTask() throws Exception {
        FlowGraph graph = FlowGraph.of(ChunkedForeachFlow.class);
        String run = "oracle-chunked-1";
        JsonNode result = execute(graph, run, "{\"parameters\": {\"flakyAt\": 13}}", 240);
        assertEquals("SUCCEEDED", result.path("status").asText(), () -> "execution: " + result + "\njobs:\n" + jobs());
        List<String> children = batch.log.stream()
                .filter(l -> l.startsWith("work.array ") && l.contains("--run " + run + " "))
                .map(l -> l.substring(l.indexOf("--retry-count ")))
                .sorted()
                .toList();
        // Step Functions' retrier submits the array job again: every child starts again, each keeps what succeeded
        assertEquals(
                List.of(
                        "--retry-count 0 index=0 attempt=1 exit=0",
                        "--retry-count 0 index=1 attempt=1 exit=1",
                        "--retry-count 0 index=2 attempt=1 exit=0",
                        "--retry-count 1 index=0 attempt=1 exit=0",
                        "--retry-count 1 index=1 attempt=1 exit=0",
                        "--retry-count 1 index=2 attempt=1 exit=0"),
                children,
                this::jobs);
        FlowDatastore cloud = cloudDatastore(graph);
        assertEquals(25, cloud.taskIds(run, "work").size());
        assertEquals(List.of(0, 1), cloud.attempts(run, "work", "0-13"));
        assertEquals(List.of(0), cloud.attempts(run, "work", "0-12"), "its child's retry kept what succeeded");
        assertEquals(List.of(0), cloud.attempts(run, "work", "0-0"), "the other children's retries ran nothing again");
        assertEquals(RunStatus.SUCCEEDED, cloud.readRun(run).orElseThrow().status());
    }

    @Test
    void aStepThatFailsEveryAttemptFailsTheExecutionNamingTheStep() throws Exception {
        FlowGraph graph = FlowGraph.of(FailingFlow.class);
        String run = "oracle-failing-1";
        JsonNode result = execute(graph, run, "{}", 120);
        assertEquals("FAILED", result.path("status").asText(), result::toString);
        assertEquals("States.TaskFailed", result.path("error").asText(), result::toString);
        String cause = result.path("cause").asText();
        assertTrue(cause.contains("state boom") && cause.contains("step boom"), cause);
        assertTrue(cause.contains("model diverged"), cause);

        FlowDatastore cloud = cloudDatastore(graph);
        // @Retry(times = 1): Step Functions submitted the job twice; both attempts are recorded; the end step never ran
        assertTrue(cloud.readTask(run, "boom", "0", 0).isPresent(), "first attempt recorded");
        assertTrue(cloud.readTask(run, "boom", "0", 1).isPresent(), "retry recorded");
        assertEquals(
                List.of("boom", "start"), cloud.steps(run).stream().sorted().toList());
        RunRecord record = cloud.readRun(run).orElseThrow();
        assertEquals(RunStatus.FAILED, record.status());
    }

    @Test
    void resumeOfAFailedExecutionReusesWhatSucceededAndCaughtFailuresLetTheRunGoOn() throws Exception {
        FlowGraph graph = FlowGraph.of(OracleRecoveringFlow.class);
        OracleRecoveringFlow.broken = true;
        JsonNode failed = execute(graph, "oracle-recover-1", "{}", 120);
        assertEquals("FAILED", failed.path("status").asText(), failed::toString);
        assertTrue(failed.path("cause").asText().contains("step work"), failed::toString);

        OracleRecoveringFlow.broken = false;
        JsonNode resumed =
                execute(graph, "oracle-recover-2", "{\"resume\": {\"originRun\": \"oracle-recover-1\"}}", 120);
        assertEquals("SUCCEEDED", resumed.path("status").asText(), resumed::toString);

        FlowDatastore cloud = cloudDatastore(graph);
        assertEquals(
                "oracle-recover-1/start/0/0",
                cloud.latestTask("oracle-recover-2", "start", "0").orElseThrow().clonedFrom(),
                "start succeeded in the failed execution and is reused, not run again");
        assertEquals(
                3,
                cloud.latestTasks("oracle-recover-2", "work").stream()
                        .filter(t -> t.succeeded() && t.clonedFrom() == null)
                        .count());
        var risky = cloud.latestTask("oracle-recover-2", "risky", "0").orElseThrow();
        assertTrue(risky.succeeded(), "a caught failure counts as done");
        assertEquals("java.lang.ArithmeticException", risky.error().type());
        assertTrue(risky.artifacts().containsKey("riskyError"));
        assertEquals(
                RunStatus.SUCCEEDED,
                cloud.readRun("oracle-recover-2").orElseThrow().status());
    }

    /** A job Batch lost leaves no task record: the execution's catch records the run FAILED instead. */
    @Test
    void aJobThatNeverRanStillEndsTheRunFailedAndTheExecutionWithItsError() throws Exception {
        FlowGraph graph = FlowGraph.of(BranchFlow.class);
        String run = "oracle-lost-1";
        batch.lost.add("left " + run); // inside the branch's Parallel: its failure reaches the top level
        JsonNode result = execute(graph, run, "{\"parameters\": {\"base\": 5}}", 120);
        assertEquals("FAILED", result.path("status").asText(), result::toString);
        assertEquals("States.TaskFailed", result.path("error").asText(), result::toString);
        assertTrue(result.path("cause").asText().contains("Host EC2"), result::toString);
        assertTrue(
                batch.log.stream()
                        .anyMatch(l -> l.startsWith(StateMachineCompiler.RECORD_FAILURE + " ")
                                && l.contains("--run " + run + " --record-failure States.TaskFailed")),
                this::jobs);

        FlowDatastore cloud = cloudDatastore(graph);
        assertTrue(cloud.latestTask(run, "left", "0").isEmpty(), "the lost job recorded nothing");
        RunRecord record = cloud.readRun(run).orElseThrow();
        assertEquals(RunStatus.FAILED, record.status());
        assertEquals("States.TaskFailed", record.error().type());
        assertNotNull(record.finishedAt());
    }

    @Test
    void retriesWaitTheBackoffTheStepDeclares() throws Exception {
        FlowGraph graph = FlowGraph.of(OracleBackoffFlow.class);
        String run = "oracle-backoff-1";
        JsonNode result = execute(graph, run, "{}", 120, true);
        assertEquals("SUCCEEDED", result.path("status").asText(), () -> result + "\njobs:\n" + jobs());
        FlowDatastore cloud = cloudDatastore(graph);
        List<TaskRecord> attempts = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            attempts.add(cloud.readTask(run, "start", "0", attempt).orElseThrow());
        }
        assertTrue(attempts.get(2).succeeded(), "the third attempt succeeds");
        // @Retry(times = 2, backoffSeconds = 1): 1 s before the first retry, 2 s before the second
        for (int retry = 1; retry <= 2; retry++) {
            Duration waited = Duration.between(
                    attempts.get(retry - 1).finishedAt(), attempts.get(retry).startedAt());
            Duration declared = Duration.ofSeconds(1L << (retry - 1));
            assertTrue(waited.compareTo(declared) >= 0, "retry " + retry + " waited " + waited + ", not " + declared);
        }
        assertEquals(
                3,
                batch.log.stream()
                        .filter(l -> l.startsWith("start ") && l.contains("--run " + run + " "))
                        .count(),
                this::jobs);
    }

    @Test
    void branchRunsBothArmsInParallelAndTheJoinSeesThem() throws Exception {
        FlowGraph graph = FlowGraph.of(BranchFlow.class);
        JsonNode result = execute(graph, "oracle-fork-1", "{\"parameters\": {\"base\": 5}}", 120);
        assertEquals("SUCCEEDED", result.path("status").asText(), result::toString);
        FlowDatastore cloud = cloudDatastore(graph);
        var join = cloud.latestTask("oracle-fork-1", "join", "0").orElseThrow();
        assertEquals(List.of("left/0/0", "right/0/0"), join.inputs());
        assertEquals(
                "16",
                new String(
                        cloud.blobs().get(join.artifacts().get("sum").sha()), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownParameterFailsAtTheStartStepWithAClearCause() throws Exception {
        FlowGraph graph = FlowGraph.of(ForeachBenchmarkFlow.class);
        String run = "oracle-bad-input-1";
        JsonNode result = execute(graph, run, "{\"parameters\": {\"tasks\": \"2\", \"taks\": \"3\"}}", 120);
        assertEquals("FAILED", result.path("status").asText(), result::toString);
        assertEquals("States.TaskFailed", result.path("error").asText(), result::toString);
        String cause = result.path("cause").asText();
        assertTrue(cause.contains("state start"), cause);
        assertTrue(cause.contains("taks"), cause);
        assertTrue(
                batch.log.stream()
                        .filter(l -> l.contains("--run " + run + " "))
                        .allMatch(
                                l -> l.startsWith("start ") || l.startsWith(StateMachineCompiler.RECORD_FAILURE + " ")),
                this::jobs);
        assertTrue(cloudDatastore(graph).readRun(run).isEmpty(), "nothing was written for a run with bad arguments");
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void foreachOfAThousandTasks() throws Exception {
        FlowGraph graph = FlowGraph.of(ForeachBenchmarkFlow.class);
        String run = "oracle-bench-1000";
        long started = System.nanoTime();
        JsonNode result = execute(graph, run, "{\"parameters\": {\"tasks\": 1000}}", 840);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals("SUCCEEDED", result.path("status").asText(), result::toString);
        assertEquals(1000, cloudDatastore(graph).taskIds(run, "work").size());
        System.out.println("oracle: ForeachBenchmarkFlow --tasks 1000 executed in " + millis
                + " ms (aws-local-stepfunctions + " + "in-JVM step runner on s3proxy, 8 array children at a time)");
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode execute(FlowGraph graph, String run, String input, long timeoutSeconds) throws Exception {
        return execute(graph, run, input, timeoutSeconds, false);
    }

    /** @param realRetryIntervals wait the definition's retry intervals (else retries follow at once) */
    private JsonNode execute(FlowGraph graph, String run, String input, long timeoutSeconds, boolean realRetryIntervals)
            throws Exception {
        Path definition = Files.writeString(
                dir.resolve(graph.name() + "-" + run + ".asl.json"), StateMachineCompiler.compile(graph, SETTINGS));
        ObjectNode request = Node.JSON.createObjectNode();
        request.put("definitionFile", definition.toString());
        request.set("input", Node.JSON.readTree(input));
        ObjectNode execution = request.putObject("context").putObject("Execution");
        execution.put(
                "Id",
                "arn:aws:states:us-east-1:123456789012:execution:" + SETTINGS.stateMachineName(graph) + ":" + run);
        execution.put("Name", run);
        request.put("handlerUrl", handler.url());
        request.put("realRetryIntervals", realRetryIntervals);
        return Node.run("execute.mjs", Node.JSON.writeValueAsString(request), timeoutSeconds);
    }

    private static FlowDatastore cloudDatastore(FlowGraph graph) {
        return new FlowDatastore(
                new S3ObjectStore(s3.client(), BUCKET, PREFIX), graph.project(), SETTINGS.branch(), graph.name());
    }

    private String jobs() {
        return String.join("\n", batch.log);
    }
}
