package dev.cairn.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.bench.ForeachBenchmarkFlow;
import dev.cairn.data.UnloadResult;
import dev.cairn.examples.countrymodels.CountryModels;
import dev.cairn.examples.countrymodels.TrainedModel;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.graph.FlowGraph;
import dev.cairn.runtime.codec.Codecs;
import dev.cairn.runtime.datastore.ArtifactRef;
import dev.cairn.runtime.datastore.FlowDatastore;
import dev.cairn.runtime.datastore.RunRecord;
import dev.cairn.runtime.datastore.RunStatus;
import dev.cairn.runtime.datastore.TaskRecord;
import dev.cairn.runtime.datastore.s3.S3ObjectStore;
import dev.cairn.runtime.datastore.s3.S3Proxy;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import dev.cairn.runtime.task.ArtifactStore;
import dev.cairn.statemachines.DeploymentSettings;
import dev.cairn.statemachines.StateMachineCompiler;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The compiled state machine executed by an independent interpreter (aws-local-stepfunctions, run by
 * execute.mjs), its Batch jobs running the real {@code cairn step} in this JVM against an S3
 * datastore on s3proxy ({@link TaskHandler}). A flow run this way must leave the same artifacts as
 * the local runtime, and failures must fail the execution the way Step Functions would.
 */
class StepFunctionsOracleTest {
    static final String BUCKET = "cairn-oracle";
    static final String PREFIX = "cairn";
    static final DeploymentSettings SETTINGS = DeploymentSettings.builder(BUCKET).datastorePrefix(PREFIX).build();

    static S3Proxy s3;
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
        for (var p : Map.of("aws.accessKeyId", S3Proxy.IDENTITY, "aws.secretAccessKey", S3Proxy.CREDENTIAL).entrySet()) {
            savedProperties.put(p.getKey(), System.getProperty(p.getKey()));
            System.setProperty(p.getKey(), p.getValue());
        }
        handler = new TaskHandler(s3.client(), s3.endpoint(), 8);
    }

    @AfterAll
    static void stop() throws Exception {
        if (handler != null) {
            handler.close();
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
    void countryModelsSucceedsWithTheLocalRuntimesArtifacts() throws Exception {
        FlowGraph graph = FlowGraph.of(CountryModels.class);
        String run = "oracle-countries-1";
        JsonNode result = execute(graph, run, "{\"parameters\": {\"countries\": \"2\", \"settings\": \"3\"}}", 170);
        assertEquals("SUCCEEDED", result.path("status").asText(), () -> "execution: " + result + "\njobs:\n" + jobs());

        FlowDatastore cloud = cloudDatastore(graph);
        assertEquals(RunStatus.SUCCEEDED, cloud.readRun(run).orElseThrow().status());
        RunOptions options = RunOptions.defaults().withDatastore(dir.resolve("local")).withBranch(SETTINGS.branch());
        RunRecord local = LocalRuntime.run(graph, Map.of("countries", "2", "settings", "3"), options);
        assertEquals(RunStatus.SUCCEEDED, local.status());
        assertEquals(new java.util.TreeMap<>(local.parameters()).toString(),
                new java.util.TreeMap<>(cloud.readRun(run).orElseThrow().parameters()).toString(), "run parameters");
        Parity parity = compare(graph, LocalRuntime.datastore(graph, options), local.run(), cloud, run);
        // 1 start + 2 country + 6 train + 2 bestPerCountry + 1 summary + 1 end
        assertEquals(13, parity.tasks, parity::toString);
        assertTrue(parity.sameSha > 0 && parity.sameValueOtherModelBytes > 0, parity::toString);
        assertEquals(2, parity.filesInS3.size(), "each country's Parquet extract, uploaded with its task: " + parity);
        System.out.println("oracle parity CountryModels: " + parity);
    }

    @Test
    void foreachOfOneTaskRunsItsChunkAsAPlainJob() throws Exception {
        FlowGraph graph = FlowGraph.of(ForeachBenchmarkFlow.class);
        String run = "oracle-bench-one";
        JsonNode result = execute(graph, run, "{\"parameters\": {\"tasks\": 1}}", 120);
        assertEquals("SUCCEEDED", result.path("status").asText(), () -> "execution: " + result + "\njobs:\n" + jobs());
        assertTrue(handler.log.stream().anyMatch(l -> l.startsWith("work.single ") && l.contains("--run " + run + " ")), this::jobs);
        RunOptions options = RunOptions.defaults().withDatastore(dir.resolve("local")).withBranch(SETTINGS.branch());
        RunRecord local = LocalRuntime.run(graph, Map.of("tasks", "1"), options);
        Parity parity = compare(graph, LocalRuntime.datastore(graph, options), local.run(), cloudDatastore(graph), run);
        assertEquals(4, parity.tasks, parity::toString);
        assertEquals(0, parity.sameValueOtherModelBytes, parity::toString);
    }

    @Test
    void aStepThatFailsEveryAttemptFailsTheExecutionNamingTheStep() throws Exception {
        FlowGraph graph = FlowGraph.of(OracleFailingFlow.class);
        String run = "oracle-failing-1";
        JsonNode result = execute(graph, run, "{}", 120);
        assertEquals("FAILED", result.path("status").asText(), result::toString);
        assertEquals("States.TaskFailed", result.path("error").asText(), result::toString);
        String cause = result.path("cause").asText();
        assertTrue(cause.contains("state explode") && cause.contains("step explode"), cause);
        assertTrue(cause.contains("after 2 attempts"), cause);
        assertTrue(cause.contains("explode always fails"), cause);

        FlowDatastore cloud = cloudDatastore(graph);
        // @Retry(times = 1): Batch ran the job twice; both attempts are recorded; the end step never ran
        assertTrue(cloud.readTask(run, "explode", "0", 0).isPresent(), "first attempt recorded");
        assertTrue(cloud.readTask(run, "explode", "0", 1).isPresent(), "retry recorded");
        assertEquals(List.of("explode", "start"), cloud.steps(run).stream().sorted().toList());
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
        JsonNode resumed = execute(graph, "oracle-recover-2", "{\"resume\": {\"originRun\": \"oracle-recover-1\"}}", 120);
        assertEquals("SUCCEEDED", resumed.path("status").asText(), resumed::toString);

        FlowDatastore cloud = cloudDatastore(graph);
        assertEquals("oracle-recover-1/start/0/0", cloud.latestTask("oracle-recover-2", "start", "0").orElseThrow().clonedFrom(),
                "start succeeded in the failed execution and is reused, not run again");
        assertEquals(3, cloud.latestTasks("oracle-recover-2", "work").stream().filter(t -> t.succeeded() && t.clonedFrom() == null).count());
        var risky = cloud.latestTask("oracle-recover-2", "risky", "0").orElseThrow();
        assertTrue(risky.succeeded(), "a caught failure counts as done");
        assertEquals("java.lang.ArithmeticException", risky.error().type());
        assertTrue(risky.artifacts().containsKey("riskyError"));
        assertEquals(RunStatus.SUCCEEDED, cloud.readRun("oracle-recover-2").orElseThrow().status());
    }

    @Test
    void branchRunsBothArmsInParallelAndTheJoinSeesThem() throws Exception {
        FlowGraph graph = FlowGraph.of(OracleForkFlow.class);
        JsonNode result = execute(graph, "oracle-fork-1", "{\"parameters\": {\"base\": 5}}", 120);
        assertEquals("SUCCEEDED", result.path("status").asText(), result::toString);
        FlowDatastore cloud = cloudDatastore(graph);
        var join = cloud.latestTask("oracle-fork-1", "join", "0").orElseThrow();
        assertEquals(List.of("a/0/0", "b/0/0"), join.inputs());
        assertEquals("16", new String(cloud.blobs().get(join.artifacts().get("sum").sha()), java.nio.charset.StandardCharsets.UTF_8));
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
        assertTrue(handler.log.stream().filter(l -> l.contains("--run " + run + " ")).allMatch(l -> l.startsWith("start ")),
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
        System.out.println("oracle: ForeachBenchmarkFlow --tasks 1000 executed in " + millis + " ms (aws-local-stepfunctions + "
                + "in-JVM step runner on s3proxy, 8 array children at a time)");
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode execute(FlowGraph graph, String run, String input, long timeoutSeconds) throws Exception {
        Path definition = Files.writeString(dir.resolve(graph.name() + "-" + run + ".asl.json"),
                StateMachineCompiler.compile(graph, SETTINGS));
        ObjectNode request = Node.JSON.createObjectNode();
        request.put("definitionFile", definition.toString());
        request.set("input", Node.JSON.readTree(input));
        ObjectNode execution = request.putObject("context").putObject("Execution");
        execution.put("Id", "arn:aws:states:us-east-1:123456789012:execution:" + SETTINGS.stateMachineName(graph) + ":" + run);
        execution.put("Name", run);
        request.put("handlerUrl", handler.url());
        return Node.run("execute.mjs", Node.JSON.writeValueAsString(request), timeoutSeconds);
    }

    private static FlowDatastore cloudDatastore(FlowGraph graph) {
        return new FlowDatastore(new S3ObjectStore(s3.client(), BUCKET, PREFIX), graph.project(), SETTINGS.branch(), graph.name());
    }

    private String jobs() {
        return String.join("\n", handler.log);
    }

    static final class Parity {
        int tasks;
        int sameSha;
        int sameValueOtherModelBytes;
        java.util.Set<String> filesInS3 = new java.util.TreeSet<>(); // the pointer is inherited by later steps

        @Override
        public String toString() {
            return tasks + " tasks; artifacts with the same sha: " + sameSha + ", equal but for Tribuo model bytes: "
                    + sameValueOtherModelBytes + ", files in S3: " + filesInS3.size();
        }
    }

    /** Same steps, tasks and artifact names; every artifact the same blob, or the same value but for trained model bytes. */
    private static Parity compare(FlowGraph graph, FlowDatastore local, String localRun, FlowDatastore cloud, String cloudRun)
            throws Exception {
        Parity parity = new Parity();
        List<String> steps = local.steps(localRun).stream().sorted().toList();
        assertEquals(steps, cloud.steps(cloudRun).stream().sorted().toList(), "steps with task records");
        ClassLoader loader = graph.flowClass().getClassLoader();
        ArtifactStore localArtifacts = new ArtifactStore(local.blobs(), Codecs.discover(loader));
        ArtifactStore cloudArtifacts = new ArtifactStore(cloud.blobs(), Codecs.discover(loader));
        for (String step : steps) {
            List<String> tasks = local.taskIds(localRun, step);
            assertEquals(tasks, cloud.taskIds(cloudRun, step), "task ids of step " + step);
            for (String task : tasks) {
                parity.tasks++;
                TaskRecord l = local.latestTask(localRun, step, task).orElseThrow();
                TaskRecord c = cloud.latestTask(cloudRun, step, task).orElseThrow();
                String where = step + "/" + task;
                assertTrue(l.succeeded() && c.succeeded(), where + ": local " + l.status() + ", cloud " + c.status());
                assertEquals(l.attempt(), c.attempt(), where + ": attempts");
                assertEquals(withoutFilePointers(l.artifacts().keySet()), withoutFilePointers(c.artifacts().keySet()),
                        where + ": artifact names");
                assertEquals(l.foreachSize(), c.foreachSize(), where + ": foreach size");
                for (Map.Entry<String, ArtifactRef> e : l.artifacts().entrySet()) {
                    if (FILE_POINTERS.contains(e.getKey())) {
                        UnloadResult lf = (UnloadResult) localArtifacts.read(e.getValue(), UnloadResult.class).value();
                        UnloadResult cf = (UnloadResult) cloudArtifacts.read(c.artifacts().get(e.getKey()), UnloadResult.class).value();
                        assertFilesLikeLocal(where, lf, cf);
                        parity.filesInS3.addAll(cf.files());
                        continue;
                    }
                    ArtifactRef lr = e.getValue();
                    ArtifactRef cr = c.artifacts().get(e.getKey());
                    if (lr.sha().equals(cr.sha())) {
                        parity.sameSha++;
                        continue;
                    }
                    Type type = fieldType(graph.flowClass(), e.getKey());
                    if (!type.getTypeName().contains(TrainedModel.class.getName())) {
                        fail(where + ": artifact " + e.getKey() + " (" + type.getTypeName() + ") differs: local " + lr.sha()
                                + ", cloud " + cr.sha());
                    }
                    Object lv = withoutModelBytes(localArtifacts.read(lr, type).value());
                    Object cv = withoutModelBytes(cloudArtifacts.read(cr, type).value());
                    assertEquals(lv, cv, where + ": artifact " + e.getKey() + " (but for the trained models' bytes)");
                    parity.sameValueOtherModelBytes++;
                }
            }
        }
        return parity;
    }

    // pointers to files a task wrote name its own datastore (a local folder here, s3:// in the cloud)
    private static final java.util.Set<String> FILE_POINTERS = java.util.Set.of("trainingSetFiles");

    /** The cloud task's files are in S3 under its files location, with the same names and row count as the local run's. */
    private static void assertFilesLikeLocal(String where, UnloadResult local, UnloadResult cloud) {
        assertEquals(local.rows(), cloud.rows(), where + ": rows of the extract");
        assertTrue(cloud.location().startsWith("s3://" + BUCKET + "/" + PREFIX + "/") && cloud.location().endsWith("/files/training-set"),
                where + ": " + cloud.location());
        assertEquals(local.files().stream().map(f -> f.substring(local.location().length())).toList(),
                cloud.files().stream().map(f -> f.substring(cloud.location().length())).toList(), where + ": file names");
        for (String file : cloud.files()) {
            String key = file.substring(("s3://" + BUCKET + "/").length());
            long size = s3.client().headObject(b -> b.bucket(BUCKET).key(key)).contentLength();
            assertTrue(size > 0, where + ": " + file + " is empty");
        }
    }

    private static java.util.Set<String> withoutFilePointers(java.util.Set<String> names) {
        java.util.Set<String> kept = new java.util.TreeSet<>(names);
        kept.removeAll(FILE_POINTERS);
        return kept;
    }

    private static Type fieldType(Class<?> flow, String name) {
        for (Class<?> c = flow; c != null && c != FlowSpec.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name).getGenericType();
            } catch (NoSuchFieldException e) {
                // superclass
            }
        }
        return Object.class;
    }

    /** Tribuo stamps the training time into a model's bytes: compare everything else. */
    private static Object withoutModelBytes(Object value) {
        if (value instanceof TrainedModel t) {
            return new TrainedModel(t.country(), t.hyperParameters(), t.validationAccuracy(), t.validationAuc(), new byte[0]);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, withoutModelBytes(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(withoutModelBytes(v)));
            return copy;
        }
        return value;
    }

}
