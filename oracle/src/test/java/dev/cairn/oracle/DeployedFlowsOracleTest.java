package dev.cairn.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cdk.CairnApp;
import dev.cairn.cdk.FlowStack;
import dev.cairn.cdk.PlatformStack;
import dev.cairn.cdk.StepRunnerImages;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.s3.S3ObjectStore;
import dev.cairn.datastore.s3.S3Proxy;
import dev.cairn.examples.countrymodels.CountryModels;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.oracle.cloud.ContainerBatch;
import dev.cairn.oracle.cloud.ContainerCredentials;
import dev.cairn.oracle.cloud.Deployment;
import dev.cairn.oracle.cloud.EventPattern;
import dev.cairn.oracle.cloud.IamPolicies;
import dev.cairn.oracle.flows.OracleBrokenFlow;
import dev.cairn.oracle.flows.OracleDownstreamFlow;
import dev.cairn.oracle.flows.OracleNestedFlow;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;

/**
 * The deployed app, run the way AWS runs it. The CDK app (platform stack with the step-runner image built
 * from {@code containers/step-runner}, one flow stack per flow) is synthesized; its templates are resolved
 * as CloudFormation resolves them ({@link Deployment}), its code packages published to S3 as
 * {@code cdk deploy} publishes them. Each execution runs the state machine's synthesized definition on
 * aws-local-stepfunctions; every Batch job is a separate process started from the Dockerfile's ENTRYPOINT
 * with the job's command as CMD and only the job definition's environment ({@link ContainerBatch});
 * Step Functions' calls are authorized against the state machine role's policies, and schedules and
 * triggers against theirs ({@link IamPolicies}).
 */
class DeployedFlowsOracleTest {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    static final String BRANCH = "test.oracle";

    @TempDir(factory = UnderTarget.class)
    static Path dir;

    /**
     * Temporary folders under the module's target/, not the system temp folder: a job's container has a fresh
     * scratch volume at /tmp that hides the machine's, and the image's files (the assembly's copy of its build
     * context) must stay visible to it, as they are in the image.
     */
    static final class UnderTarget implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension)
                throws IOException {
            return Files.createTempDirectory(
                    Files.createDirectories(Path.of("target").toAbsolutePath()), "oracle-");
        }
    }

    static S3Proxy s3;
    static Deployment deployment;
    static ContainerCredentials credentials;
    static ContainerBatch batch;
    static TaskHandler handler;
    static String datastoreBucket;

    @BeforeAll
    static void deploy() throws Exception {
        Node.installed();
        Path root = repositoryRoot();
        Path examplesPackage = codePackageOfTheExamples(root);
        Path oraclePackage = jarOfTheOracleFlows(dir.resolve("oracle-flows.jar"));

        Path assembly = dir.resolve("cdk.out");
        App app = new App(AppProps.builder()
                .outdir(assembly.toString())
                .context(Map.of(CairnApp.azContextKey(ACCOUNT, REGION), List.of(REGION + "a", REGION + "b")))
                .build());
        PlatformStack platform = new PlatformStack(
                app,
                "Cairn-Platform",
                PlatformStack.Props.builder(
                                Environment.builder()
                                        .account(ACCOUNT)
                                        .region(REGION)
                                        .build(),
                                StepRunnerImages.Props.fromSource(root))
                        .build());
        new FlowStack(
                app,
                FlowStack.Props.builder(platform, CountryModels.class, BRANCH, examplesPackage)
                        .build());
        for (Class<? extends FlowSpec> flow :
                List.of(OracleNestedFlow.class, OracleBrokenFlow.class, OracleDownstreamFlow.class)) {
            new FlowStack(
                    app,
                    FlowStack.Props.builder(platform, flow, BRANCH, oraclePackage)
                            .build());
        }
        deployment = Deployment.synth(app, assembly, ACCOUNT, REGION);

        s3 = S3Proxy.shared();
        for (Deployment.Resource bucket : deployment.resources("AWS::S3::Bucket")) { // what CloudFormation creates
            String name = deployment.resolver().ref(bucket.stack(), bucket.logicalId());
            s3.client().createBucket(b -> b.bucket(name));
            if (bucket.logicalId().startsWith("DatastoreBucket")) {
                datastoreBucket = name;
            }
        }
        deployment.publishFileAssets(s3.client());
        credentials = new ContainerCredentials(S3Proxy.IDENTITY, S3Proxy.CREDENTIAL);
        Map<String, String> network = new HashMap<>(credentials.environment());
        network.put(S3ObjectStore.ENDPOINT_ENV, s3.endpoint().toString());
        batch = new ContainerBatch(deployment, network, Files.createDirectories(dir.resolve("batch-logs")), 2);
        handler = new TaskHandler(s3.client(), batch::submitJobSync, new IamPolicies(deployment));
    }

    @AfterAll
    static void stop() {
        if (handler != null) {
            handler.close();
            batch.close();
            credentials.close();
        }
    }

    @Test
    void countryModelsRunsFromItsCodePackageThroughTheImagesEntrypointLikeTheLocalRuntime() throws Exception {
        String run = "oracle-deployed-countries";
        JsonNode result = startExecution(
                stateMachineArn(CountryModels.class) + ":live",
                run,
                "{\"parameters\": {\"countries\": \"2\", \"settings\": \"2\"}}");
        assertEquals("SUCCEEDED", result.path("status").asText(), () -> result + "\n" + attempts());

        FlowGraph graph = FlowGraph.of(CountryModels.class);
        FlowDatastore cloud = cloudDatastore(graph);
        RunRecord cloudRun = cloud.readRun(run).orElseThrow();
        assertEquals(RunStatus.SUCCEEDED, cloudRun.status());
        String deployedSha = deployment.resources("AWS::Batch::JobDefinition").stream()
                .filter(r -> r.stack().contains("CountryModels"))
                .findFirst()
                .orElseThrow()
                .properties()
                .path("ContainerProperties")
                .path("Environment")
                .toString();
        assertTrue(
                deployedSha.contains(cloudRun.codeVersion()),
                "the run's code version is the deployed package's hash: " + cloudRun.codeVersion() + " in "
                        + deployedSha);

        RunOptions options =
                RunOptions.defaults().withDatastore(dir.resolve("local")).withBranch(BRANCH);
        RunRecord local = LocalRuntime.run(graph, Map.of("countries", "2", "settings", "2"), options);
        RunParity parity = RunParity.compare(
                graph,
                LocalRuntime.datastore(graph, options),
                local.run(),
                cloud,
                run,
                s3.client(),
                datastoreBucket,
                "cairn");
        assertEquals(11, parity.tasks, parity::toString); // start, 2 country, 4 train, 2 bestPerCountry, summary, end
        assertEquals(2, parity.filesInS3.size(), parity::toString);
        // every job was a process of the image's entrypoint, its command appended as CMD
        for (ContainerBatch.Attempt a : attempts(run)) {
            assertEquals(
                    "dev.cairn.cli.CairnCli",
                    a.command().get(a.command().indexOf("dev.cairn.cli.CairnCli")),
                    a.toString());
            assertEquals("step", a.command().get(a.command().indexOf("dev.cairn.cli.CairnCli") + 1), a.toString());
        }
        System.out.println("oracle (deployed) CountryModels: " + parity + "; "
                + attempts(run).size() + " container processes");
    }

    @Test
    // every job is a fresh container, as in Batch: it fetches, checks and unpacks the code package into its own
    // scratch volume, and this flow starts the most containers (one per plan and per task of three nested foreaches)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void theScheduleStartsTheLiveAliasAndABranchWithThreeNestedForeachesRuns() throws Exception {
        Deployment.Resource schedule = only("AWS::Scheduler::Schedule", "OracleNestedFlow");
        JsonNode target = deployment.resolved(schedule, schedule.properties().path("Target"));
        String alias = target.path("Arn").asText();
        assertTrue(alias.endsWith(":live"), alias);
        // EventBridge Scheduler calls StartExecution as the schedule's role; Step Functions authorizes it on the
        // state machine's ARN with the alias as states:StateMachineQualifier
        IamPolicies.Decision decision = authorizeStart(target.path("RoleArn").asText(), alias);
        assertTrue(decision.allowed(), decision::explanation);

        String run = "oracle-scheduled-nested";
        JsonNode result = startExecution(alias, run, target.path("Input").asText());
        assertEquals("SUCCEEDED", result.path("status").asText(), () -> result + "\n" + attempts());
        FlowDatastore cloud = cloudDatastore(FlowGraph.of(OracleNestedFlow.class));
        assertEquals(8, cloud.taskIds(run, "train").size(), "2 regions x 2 countries x 2 settings");
        var join = cloud.latestTask(run, "join", "0").orElseThrow();
        assertEquals(
                "8", new String(cloud.blobs().get(join.artifacts().get("total").sha()), StandardCharsets.UTF_8));
        assertEquals(
                "\"the other arm\"",
                new String(cloud.blobs().get(join.artifacts().get("side").sha()), StandardCharsets.UTF_8));
    }

    @Test
    void aFailingStepWithoutRetryRunsOnceAndFailsTheExecution() throws Exception {
        String run = "oracle-deployed-broken";
        JsonNode result = startExecution(stateMachineArn(OracleBrokenFlow.class) + ":live", run, "{}");
        assertEquals("FAILED", result.path("status").asText(), result::toString);
        assertTrue(result.path("cause").asText().contains("explode fails deterministically"), result::toString);
        List<ContainerBatch.Attempt> explode = attempts(run).stream()
                .filter(a -> a.command().contains("explode"))
                .toList();
        assertEquals(1, explode.size(), "Batch ran the failed step once, not once per job attempt: " + explode);
        FlowDatastore cloud = cloudDatastore(FlowGraph.of(OracleBrokenFlow.class));
        assertTrue(cloud.readTask(run, "explode", "0", 0).isPresent());
        assertFalse(cloud.readTask(run, "explode", "0", 1).isPresent(), "no second attempt");
        assertEquals(RunStatus.FAILED, cloud.readRun(run).orElseThrow().status());
    }

    @Test
    void theUpstreamsSuccessStartsTheDownstreamFlowAndAFlowWhoseNameExtendsItDoesNot() {
        Deployment.Resource rule = rule("OracleDownstreamFlow", "StartAfter");
        JsonNode pattern = deployment.resolved(rule, rule.properties().path("EventPattern"));
        String upstream = stateMachineArn(OracleNestedFlow.class);
        assertTrue(EventPattern.matches(pattern, succeeded(upstream)), pattern::toString);
        assertFalse(EventPattern.matches(pattern, succeeded(upstream + "Eval")), "a prefix match: " + pattern);
        JsonNode target =
                deployment.resolved(rule, rule.properties().path("Targets").get(0));
        IamPolicies.Decision decision = authorizeStart(
                target.path("RoleArn").asText(), target.path("Arn").asText());
        assertTrue(decision.allowed(), decision::explanation);
    }

    @Test
    void everyDeployedStateMachinePassesAslValidator() throws Exception {
        List<Deployment.Resource> machines = deployment.resources("AWS::StepFunctions::StateMachine");
        assertEquals(4, machines.size());
        for (Deployment.Resource machine : machines) {
            Path file = Files.writeString(dir.resolve(machine.stack() + ".asl.json"), definition(machine));
            JsonNode result = Node.run("validate.mjs", null, 60, file.toString());
            assertTrue(result.path("valid").asBoolean(), machine.stack() + ": " + result.path("errors"));
        }
    }

    // ------------------------------------------------------------------ the services' side

    /** Step Functions' StartExecution of a qualified ARN: the definition the alias points to, run as the machine's role. */
    private JsonNode startExecution(String qualifiedArn, String name, String input) throws Exception {
        String machineArn = qualifiedArn.substring(0, qualifiedArn.lastIndexOf(':'));
        Deployment.Resource machine = deployment
                .byPhysicalId("AWS::StepFunctions::StateMachine", machineArn)
                .orElseThrow();
        Path definition = Files.writeString(dir.resolve(name + ".asl.json"), definition(machine));
        ObjectNode request = Node.JSON.createObjectNode();
        request.put("definitionFile", definition.toString());
        request.set("input", Node.JSON.readTree(input));
        ObjectNode execution = request.putObject("context").putObject("Execution");
        execution.put("Id", machineArn.replace(":stateMachine:", ":execution:") + ":" + name);
        execution.put("Name", name);
        String role = deployment
                .resolved(machine, machine.properties().path("RoleArn"))
                .asText();
        request.put("handlerUrl", handler.url(role));
        return Node.run("execute.mjs", Node.JSON.writeValueAsString(request), 600);
    }

    private static String definition(Deployment.Resource machine) {
        return deployment
                .resolved(machine, machine.properties().path("DefinitionString"))
                .asText();
    }

    private static IamPolicies.Decision authorizeStart(String roleArn, String qualifiedArn) {
        int colon = qualifiedArn.lastIndexOf(':');
        return new IamPolicies(deployment)
                .evaluate(new IamPolicies.Request(
                        roleArn,
                        "states:StartExecution",
                        qualifiedArn.substring(0, colon),
                        Map.of("states:StateMachineQualifier", qualifiedArn.substring(colon + 1))));
    }

    private static JsonNode succeeded(String stateMachineArn) {
        ObjectNode event = Node.JSON.createObjectNode();
        event.put("source", "aws.states").put("detail-type", "Step Functions Execution Status Change");
        event.putObject("detail")
                .put("status", "SUCCEEDED")
                .put("stateMachineArn", stateMachineArn)
                .put("executionArn", stateMachineArn.replace(":stateMachine:", ":execution:") + ":x");
        return event;
    }

    /**
     * An execution stopped by hand runs no more states: EventBridge matches its status change to the flow's rule,
     * transforms it into the job's parameters and submits the record job (authorized against the rule's role), whose
     * container records the run FAILED with the status.
     */
    @Test
    void anAbortedExecutionHasItsRunRecordedFailedByTheJobItsRuleSubmits() throws Exception {
        String run = "oracle-deployed-aborted";
        FlowGraph graph = FlowGraph.of(OracleBrokenFlow.class);
        FlowDatastore cloud = cloudDatastore(graph);
        cloud.writeRun(new RunRecord(
                graph.name(),
                graph.project(),
                BRANCH,
                run,
                RunStatus.RUNNING,
                Map.of(),
                "v1",
                java.time.Instant.now(),
                null,
                null,
                null,
                null,
                "oracle"));
        Deployment.Resource rule = rule("OracleBrokenFlow", "RecordStoppedRun");
        JsonNode pattern = deployment.resolved(rule, rule.properties().path("EventPattern"));
        String machine = stateMachineArn(OracleBrokenFlow.class);
        JsonNode aborted = statusChange(machine, "ABORTED", run);
        assertTrue(EventPattern.matches(pattern, aborted), pattern::toString);
        assertTrue(EventPattern.matches(pattern, statusChange(machine, "TIMED_OUT", run)), pattern::toString);
        for (String other : List.of("FAILED", "SUCCEEDED", "RUNNING")) {
            assertFalse(EventPattern.matches(pattern, statusChange(machine, other, run)), other);
        }
        assertFalse(
                EventPattern.matches(pattern, statusChange(stateMachineArn(OracleNestedFlow.class), "ABORTED", run)));

        JsonNode target =
                deployment.resolved(rule, rule.properties().path("Targets").get(0));
        String definition = target.path("BatchParameters").path("JobDefinition").asText();
        String queue = target.path("Arn").asText();
        for (String resource : List.of(definition, queue)) {
            IamPolicies.Decision decision = new IamPolicies(deployment)
                    .evaluate(new IamPolicies.Request(
                            target.path("RoleArn").asText(), "batch:SubmitJob", resource, Map.of()));
            assertTrue(decision.allowed(), decision::explanation);
        }
        ObjectNode request = Node.JSON
                .createObjectNode()
                .put("JobName", target.path("BatchParameters").path("JobName").asText())
                .put("JobDefinition", definition)
                .put("JobQueue", queue);
        request.set("Parameters", transformed(target.path("InputTransformer"), aborted));
        JsonNode result = batch.submitJobSync("RecordStoppedRunRule", request);

        assertFalse(result.has("error"), () -> result + "\n" + attempts());
        RunRecord recorded = cloud.readRun(run).orElseThrow();
        assertEquals(RunStatus.FAILED, recorded.status());
        assertEquals("ABORTED", recorded.error().type());
    }

    /** What EventBridge's input transformer makes of {@code event}: each {@code <name>} as its path's JSON value. */
    private static JsonNode transformed(JsonNode transformer, JsonNode event) throws Exception {
        String text = transformer.path("InputTemplate").asText();
        for (var path : transformer.path("InputPathsMap").properties()) {
            JsonNode value = event.at(path.getValue().asText().substring(1).replace('.', '/'));
            text = text.replace("<" + path.getKey() + ">", Node.JSON.writeValueAsString(value));
        }
        return Node.JSON.readTree(text);
    }

    private static JsonNode statusChange(String stateMachineArn, String status, String execution) {
        ObjectNode event = (ObjectNode) succeeded(stateMachineArn);
        ((ObjectNode) event.path("detail"))
                .put("status", status)
                .put("name", execution)
                .put("executionArn", stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + execution);
        return event;
    }

    /** The flow's EventBridge rule whose logical id starts with {@code logicalIdPrefix}. */
    private static Deployment.Resource rule(String stackPart, String logicalIdPrefix) {
        List<Deployment.Resource> found = deployment.resources("AWS::Events::Rule").stream()
                .filter(r -> r.stack().contains("-" + stackPart + "-")
                        && r.logicalId().startsWith(logicalIdPrefix))
                .toList();
        assertEquals(1, found.size(), logicalIdPrefix + " rule in " + stackPart + ": " + found);
        return found.getFirst();
    }

    private static String stateMachineArn(Class<? extends FlowSpec> flow) {
        Deployment.Resource machine = only("AWS::StepFunctions::StateMachine", flow.getSimpleName());
        return deployment.resolver().ref(machine.stack(), machine.logicalId());
    }

    private static Deployment.Resource only(String type, String stackPart) {
        List<Deployment.Resource> found = deployment.resources(type).stream()
                .filter(r -> r.stack().contains("-" + stackPart + "-"))
                .toList();
        assertEquals(1, found.size(), type + " in " + stackPart + ": " + found);
        return found.getFirst();
    }

    private static FlowDatastore cloudDatastore(FlowGraph graph) {
        return new FlowDatastore(
                new S3ObjectStore(s3.client(), datastoreBucket, "cairn"), graph.project(), BRANCH, graph.name());
    }

    private static List<ContainerBatch.Attempt> attempts(String run) {
        return batch.attempts.stream().filter(a -> a.command().contains(run)).toList();
    }

    private static String attempts() {
        List<String> lines = new ArrayList<>();
        batch.attempts.forEach(a ->
                lines.add(a.jobName() + " index=" + a.arrayIndex() + " attempt=" + a.attempt() + " exit=" + a.exitCode()
                        + (a.exitCode() == 0 ? "" : " stderr: " + a.stderr().strip())));
        return String.join("\n", lines);
    }

    // ------------------------------------------------------------------ what the build made

    private static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        return Files.isDirectory(module.resolve("containers")) ? module : module.getParent();
    }

    private static Path codePackageOfTheExamples(Path root) throws IOException {
        try (Stream<Path> jars = Files.list(root.resolve("examples/target"))) {
            return jars.filter(p -> p.getFileName().toString().endsWith("-code-package.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no examples/target/*-code-package.jar: build the examples first (./mvnw package)"));
        }
    }

    /** The oracle's test flows as a code package: the classes of {@code dev.cairn.oracle.flows}, nothing else. */
    private static Path jarOfTheOracleFlows(Path jar) throws IOException {
        Path classes = Path.of(OracleNestedFlow.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath());
        Path flows = classes.resolve("dev/cairn/oracle/flows");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.list(flows)) {
            for (Path f : files.sorted().toList()) {
                out.putNextEntry(new JarEntry("dev/cairn/oracle/flows/" + f.getFileName()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }
}
