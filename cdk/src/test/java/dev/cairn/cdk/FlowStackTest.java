package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.warehouse.SnowflakeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class FlowStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path jar;
    private static FlowStack prod;
    private static FlowStack alice;
    private static JsonNode prodTemplate;
    private static JsonNode aliceTemplate;

    @BeforeAll
    static void synth() throws IOException {
        jar = Files.write(dir.resolve("app.jar"), new byte[] {'P', 'K', 3, 4});
        App app = TestApps.app();
        PlatformStack platform = TestApps.platform(app);
        prod = new FlowStack(
                app,
                FlowStack.Props.builder(platform, TestFlows.Nightly.class, "prod", jar)
                        .build());
        alice = new FlowStack(
                app,
                FlowStack.Props.builder(platform, TestFlows.Nightly.class, "user.alice", jar)
                        .build());
        prodTemplate = JSON.valueToTree(Template.fromStack(prod).toJSON());
        aliceTemplate = JSON.valueToTree(Template.fromStack(alice).toJSON());
    }

    @Test
    void stackIsNamedAfterProjectFlowAndBranch() {
        assertEquals("Cairn-demo-Nightly-prod", prod.getStackName());
        assertTrue(alice.getStackName().matches("Cairn-demo-Nightly-user-alice--[0-9a-f]{8}"), alice.getStackName());
    }

    @Test
    void jobRoleReadsAndWritesOnlyTheFlowPrefix() {
        List<JsonNode> s3 = statements(prodTemplate, "JobRole").stream()
                .filter(s -> s.get("Action").toString().contains("s3:"))
                .toList();
        assertFalse(s3.isEmpty());
        for (JsonNode s : s3) {
            String resources = s.get("Resource").toString();
            String condition = String.valueOf(s.get("Condition"));
            boolean scoped = resources.contains("/cairn/demo/prod/Nightly/*")
                    || resources.contains("/cairn/_shared/*")
                    || s.get("Action").asText().equals("s3:GetObject") && resources.contains(".jar") // the code package
                    || condition.contains("cairn/demo/prod/Nightly/*")
                    || condition.contains("cairn/_shared/*");
            assertTrue(scoped, "unscoped S3 statement: " + s);
            if (s.get("Action").toString().contains("s3:PutObject")) {
                assertTrue(resources.contains("/cairn/demo/prod/Nightly/*"), s.toString());
            }
        }
        assertEquals("cairn/demo/prod/Nightly", prod.flowPrefix());
    }

    @Test
    void jobRoleUsesTheDatastoreKeyOnlyThroughS3OnTheBucketForDataKeysAndDecrypt() {
        List<JsonNode> kms = statements(prodTemplate, "JobRole").stream()
                .filter(s -> s.get("Action").toString().contains("kms:"))
                .toList();
        assertFalse(kms.isEmpty());
        Set<String> actions = new java.util.TreeSet<>();
        for (JsonNode s : kms) {
            JsonNode action = s.get("Action");
            (action.isArray() ? action : JSON.createArrayNode().add(action)).forEach(a -> actions.add(a.asText()));
            assertTrue(s.get("Resource").toString().contains("DatastoreKey"), "the datastore key only: " + s);
            JsonNode equals = s.path("Condition").path("StringEquals");
            assertEquals(
                    "s3.eu-west-1.amazonaws.com",
                    equals.path(Datastore.KMS_VIA_SERVICE).asText(),
                    s.toString());
            assertTrue(equals.path(Datastore.KMS_S3_CONTEXT).toString().contains("DatastoreBucket"), s.toString());
        }
        assertEquals(Set.of("kms:Decrypt", "kms:GenerateDataKey"), actions);
        for (String role : List.of("JobRole", "StateMachineRole")) {
            String all = statements(prodTemplate, role).toString();
            assertFalse(all.contains("kms:GenerateDataKey*") || all.contains("kms:ReEncrypt"), role + ": " + all);
        }
    }

    @Test
    void stateMachineSubmitsOnlyToItsJobDefinitionsAndQueues() {
        Set<String> jobDefinitions = logicalIds(prodTemplate, "AWS::Batch::JobDefinition");
        assertEquals(
                4, jobDefinitions.size(), "the plan profile, the default and GPU profiles, and the stopped-run record");
        List<JsonNode> submit = statements(prodTemplate, "StateMachineRole").stream()
                .filter(s -> s.get("Action").toString().contains("batch:SubmitJob"))
                .toList();
        assertFalse(submit.isEmpty());
        for (JsonNode s : submit) {
            for (JsonNode r : s.get("Resource").isArray()
                    ? s.get("Resource")
                    : JSON.createArrayNode().add(s.get("Resource"))) {
                boolean own =
                        r.has("Ref") && jobDefinitions.contains(r.get("Ref").asText());
                boolean queue = r.has("Fn::ImportValue")
                        && r.get("Fn::ImportValue").asText().contains("Queue");
                assertTrue(own || queue, "submit resource outside the flow: " + r);
            }
        }
    }

    @Test
    void productionBranchesRunOnlyOnProductionQueuesAndDevelopmentBranchesOnlyOnDevelopmentQueues() {
        for (JsonNode template : List.of(prodTemplate, aliceTemplate)) {
            boolean production = template == prodTemplate;
            List<String> queues = new ArrayList<>();
            statements(template, "StateMachineRole").stream()
                    .filter(s -> s.get("Action").toString().contains("batch:SubmitJob"))
                    .forEach(s -> s.get("Resource").forEach(r -> {
                        if (r.has("Fn::ImportValue")) {
                            queues.add(r.get("Fn::ImportValue").asText());
                        }
                    }));
            assertEquals(2, Set.copyOf(queues).size(), "the CPU and the GPU queue: " + queues);
            for (String queue : queues) {
                assertEquals(production, queue.contains("ProductionCompute"), queue);
                assertTrue(queue.contains("Compute"), queue);
            }
            String definition = template.path("Resources").toString();
            assertEquals(production, definition.contains("ProductionCompute"), "the state machine submits to them");
        }
    }

    @Test
    void onlyProductionBranchesAndTheConfiguredOnesGetTheSnowflakeSecret() {
        App app = TestApps.app();
        PlatformStack platform = new PlatformStack(
                app,
                "Cairn-Platform",
                TestApps.platformProps()
                        .snowflake(new PlatformStack.Snowflake(
                                "arn:aws:iam::999999999999:user/sf",
                                "ACME_SFCRole=1_x",
                                CONNECTION,
                                SnowflakeLink.Credentials.CONFIGURED))
                        .productionBranches(Set.of("prod", "main"))
                        .snowflakeSecretBranches(Set.of("user.bob"))
                        .build());
        Map<String, FlowStack> stacks = new java.util.TreeMap<>();
        for (String branch : List.of("prod", "main", "user.alice", "user.bob")) {
            stacks.put(
                    branch,
                    new FlowStack(
                            app,
                            FlowStack.Props.builder(platform, TestFlows.Nightly.class, branch, jar)
                                    .build()));
        }
        Map<String, Boolean> getsSecret = new java.util.TreeMap<>();
        for (String branch : stacks.keySet()) {
            String template = JSON.valueToTree(
                            Template.fromStack(stacks.get(branch)).toJSON())
                    .toString();
            boolean secret = template.contains("secretsmanager") || template.contains("SnowflakeCredentials");
            assertEquals(secret, template.contains("SNOWFLAKE_"), branch + ": the settings come with the secret");
            getsSecret.put(branch, secret);
        }
        assertEquals(Map.of("main", true, "prod", true, "user.alice", false, "user.bob", true), getsSecret);
        assertTrue(platform.isProduction("main"));
        assertFalse(platform.isProduction("user.bob"), "the secret does not make a branch production");
    }

    @Test
    void secretBranchesWithoutASnowflakeLinkOrNamingAProductionBranchAreRefused() {
        IllegalArgumentException noLink = assertThrows(
                IllegalArgumentException.class,
                () -> TestApps.platformProps()
                        .snowflakeSecretBranches(Set.of("user.bob"))
                        .build());
        assertTrue(noLink.getMessage().contains("snowflake=true"), noLink.getMessage());
        IllegalArgumentException production = assertThrows(
                IllegalArgumentException.class,
                () -> TestApps.platformProps()
                        .snowflake(PlatformStack.Snowflake.beforeIntegration())
                        .snowflakeSecretBranches(Set.of("prod"))
                        .build());
        assertTrue(production.getMessage().contains("`prod` is a production branch"), production.getMessage());
    }

    @Test
    void stateMachineTerminatesOnlyJobsTaggedWithItsStackAndTagsOnlyItsOwn() throws IOException {
        List<JsonNode> batch = statements(prodTemplate, "StateMachineRole").stream()
                .filter(s -> s.get("Action").toString().contains("batch:")
                        && !s.get("Action").toString().contains("batch:SubmitJob"))
                .toList();
        Map<String, JsonNode> byAction = new java.util.TreeMap<>();
        batch.forEach(s -> byAction.put(s.get("Action").asText(), s));
        assertEquals(Set.of("batch:DescribeJobs", "batch:TagResource", "batch:TerminateJob"), byAction.keySet());
        assertEquals("*", byAction.get("batch:DescribeJobs").get("Resource").asText(), "no resource-level permissions");
        for (String action : List.of("batch:TerminateJob", "batch:TagResource")) {
            JsonNode s = byAction.get(action);
            assertTrue(s.get("Resource").toString().contains(":job/*"), s.toString());
            assertNotEquals("*", s.get("Resource").asText(), s.toString());
        }
        JsonNode terminate = byAction.get("batch:TerminateJob").get("Condition");
        assertEquals(
                "Cairn-demo-Nightly-prod",
                terminate
                        .path("StringEquals")
                        .path("aws:ResourceTag/" + FlowStack.JOB_TAG)
                        .asText(),
                terminate.toString());
        JsonNode tag = byAction.get("batch:TagResource").get("Condition");
        assertEquals(
                "Cairn-demo-Nightly-prod",
                tag.path("StringEquals")
                        .path("aws:RequestTag/" + FlowStack.JOB_TAG)
                        .asText());
        assertEquals(
                "Cairn-demo-Nightly-prod",
                tag.path("StringEqualsIfExists")
                        .path("aws:ResourceTag/" + FlowStack.JOB_TAG)
                        .asText());
        assertEquals(
                "[\"" + FlowStack.JOB_TAG + "\"]",
                tag.path("ForAllValues:StringEquals").path("aws:TagKeys").toString());

        // the jobs the state machine submits carry the tag the conditions name
        StringBuilder definition = new StringBuilder();
        prodTemplate.get("Resources").properties().stream()
                .filter(e -> e.getValue().path("Type").asText().equals("AWS::StepFunctions::StateMachine"))
                .forEach(e -> texts(e.getValue().path("Properties").path("DefinitionString"), definition));
        assertTrue(
                definition
                        .toString()
                        .replaceAll("\\s", "")
                        .contains("\"Tags\":{\"" + FlowStack.JOB_TAG + "\":\"Cairn-demo-Nightly-prod\"}"),
                "SubmitJob's Tags in the definition: " + definition);
        assertTrue(aliceTemplate.toString().contains("Cairn-demo-Nightly-user-alice"));
    }

    @Test
    void jobsHaveAReadOnlyRootFileSystemAndAWritableScratchVolumeAtTmp() {
        List<JsonNode> jobs = prodTemplate.get("Resources").properties().stream()
                .map(Map.Entry::getValue)
                .filter(r -> r.get("Type").asText().equals("AWS::Batch::JobDefinition"))
                .toList();
        assertEquals(4, jobs.size(), "two step profiles, the plan's, and the one that records a stopped run");
        for (JsonNode job : jobs) {
            JsonNode container = job.at("/Properties/ContainerProperties");
            assertTrue(container.path("ReadonlyRootFilesystem").asBoolean(), container.toString());
            JsonNode volumes = container.path("Volumes");
            assertEquals(1, volumes.size(), volumes.toString());
            assertEquals("scratch", volumes.get(0).path("Name").asText());
            assertTrue(volumes.get(0).path("Host").path("SourcePath").isMissingNode(), "a fresh folder per job");
            JsonNode mounts = container.path("MountPoints");
            assertEquals(1, mounts.size(), mounts.toString());
            assertEquals("scratch", mounts.get(0).path("SourceVolume").asText());
            assertEquals(
                    FlowStack.SCRATCH_PATH, mounts.get(0).path("ContainerPath").asText());
            assertFalse(mounts.get(0).path("ReadOnly").asBoolean(false), mounts.toString());
        }
    }

    @Test
    void gpuStepGetsItsOwnJobDefinitionWithTheGpuImageAndCodePackage() {
        Template t = Template.fromStack(prod);
        t.hasResourceProperties(
                "AWS::Batch::JobDefinition",
                Match.objectLike(Map.of(
                        "ContainerProperties",
                        Match.objectLike(Map.of(
                                "Image", Match.stringLikeRegexp(".*cairn-step-runner:1-gpu"),
                                "ResourceRequirements", Match.arrayWith(List.of(Map.of("Type", "GPU", "Value", "1"))),
                                "Environment",
                                        Match.arrayWith(List.of(
                                                Map.of("Name", "CAIRN_CODE_SHA256", "Value", prod.codeSha256()))))))));
        assertEquals(64, prod.codeSha256().length());
    }

    private static final SnowflakeLink.Connection CONNECTION =
            new SnowflakeLink.Connection("ML", "ML_WH", "SALES", "PUBLIC", "CAIRN_DATASTORE");

    /** A flow's template on a platform with this Snowflake link. */
    private static JsonNode flowWithSnowflake(PlatformStack.Snowflake snowflake) {
        App app = TestApps.app();
        PlatformStack platform = new PlatformStack(
                app,
                "Cairn-Platform",
                TestApps.platformProps().snowflake(snowflake).build());
        FlowStack flow = new FlowStack(
                app,
                FlowStack.Props.builder(platform, TestFlows.Nightly.class, "prod", jar)
                        .build());
        return JSON.valueToTree(Template.fromStack(flow).toJSON());
    }

    @Test
    void untilTheCredentialsAreConfiguredJobsGetNoSnowflakeSettings() {
        // ECS fails a container whose secret lacks a JSON key: the link's secret holds placeholders until filled,
        // so before snowflakeCredentials=configured no job may name it (nor half the settings), in every phase
        for (PlatformStack.Snowflake pending : List.of(
                PlatformStack.Snowflake.beforeIntegration(),
                new PlatformStack.Snowflake(
                        "arn:aws:iam::999999999999:user/sf",
                        "ACME_SFCRole=1_x",
                        CONNECTION,
                        SnowflakeLink.Credentials.PENDING))) {
            JsonNode template = flowWithSnowflake(pending);
            assertEquals(4, logicalIds(template, "AWS::Batch::JobDefinition").size());
            assertFalse(template.toString().contains("SNOWFLAKE_"), template.toString());
            assertFalse(template.toString().contains("secretsmanager"), "no job reads the secret yet");
        }
    }

    @Test
    void withAnExistingSecretJobsReadThatSecret() {
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowflake/cairn-AbC123";
        JsonNode template = flowWithSnowflake(
                new PlatformStack.Snowflake(null, null, CONNECTION, SnowflakeLink.Credentials.existing(arn)));
        assertTrue(template.toString().contains(arn + ":privateKey::"), template.toString());
    }

    @Test
    void withASnowflakeLinkJobsGetTheConnectionSettingsAndTheCredentialsAsSecrets() {
        JsonNode template = flowWithSnowflake(new PlatformStack.Snowflake(
                "arn:aws:iam::999999999999:user/sf",
                "ACME_SFCRole=1_x",
                CONNECTION,
                SnowflakeLink.Credentials.CONFIGURED));

        List<JsonNode> jobs = template.get("Resources").properties().stream()
                .filter(e -> !e.getKey().startsWith("RecordStoppedRunJob"))
                .map(Map.Entry::getValue)
                .filter(r -> r.get("Type").asText().equals("AWS::Batch::JobDefinition"))
                .toList();
        assertEquals(3, jobs.size(), "two step profiles and the plan's");
        JsonNode record = template.get("Resources").properties().stream()
                .filter(e -> e.getKey().startsWith("RecordStoppedRunJob"))
                .findFirst()
                .orElseThrow()
                .getValue()
                .at("/Properties/ContainerProperties");
        assertFalse(record.toString().contains("SNOWFLAKE"), "recording a run needs no warehouse: " + record);
        assertFalse(record.has("Secrets"), record.toString());
        for (JsonNode job : jobs) {
            JsonNode container = job.get("Properties").get("ContainerProperties");
            Map<String, String> environment = new java.util.HashMap<>();
            container
                    .get("Environment")
                    .forEach(e -> environment.put(
                            e.get("Name").asText(), e.get("Value").asText()));
            // the names the step's SnowflakeSettings.fromEnv reads
            assertEquals("ML", environment.get(SnowflakeSettings.ENV_ROLE));
            assertEquals("ML_WH", environment.get(SnowflakeSettings.ENV_WAREHOUSE));
            assertEquals("SALES", environment.get(SnowflakeSettings.ENV_DATABASE));
            assertEquals("PUBLIC", environment.get(SnowflakeSettings.ENV_SCHEMA));
            assertEquals("CAIRN_DATASTORE", environment.get("SNOWFLAKE_STORAGE_INTEGRATION"));
            Map<String, String> secrets = new java.util.HashMap<>();
            container
                    .get("Secrets")
                    .forEach(e -> secrets.put(
                            e.get("Name").asText(), e.get("ValueFrom").toString()));
            assertEquals(
                    Set.of(
                            SnowflakeSettings.ENV_ACCOUNT,
                            SnowflakeSettings.ENV_USER,
                            SnowflakeSettings.ENV_PRIVATE_KEY),
                    secrets.keySet(),
                    "credentials come only as secrets");
            assertTrue(secrets.get(SnowflakeSettings.ENV_PRIVATE_KEY).contains(":privateKey::"), secrets.toString());
            assertFalse(
                    environment.keySet().stream().anyMatch(secrets::containsKey), "no credential in plain environment");
        }
        // ECS (the execution role) reads the secret to inject it; the step's own role never gets it
        assertTrue(statements(template, "Job").stream()
                .anyMatch(s -> s.get("Action").toString().contains("secretsmanager:GetSecretValue")));
        assertFalse(statements(template, "JobRole").toString().contains("secretsmanager"));
    }

    @Test
    void withoutASnowflakeLinkJobsGetNoSnowflakeSettings() {
        assertFalse(prodTemplate.toString().contains("SNOWFLAKE_"));
    }

    @Test
    void stateMachineLogsEverythingTracesAndPublishesALiveAlias() {
        Template t = Template.fromStack(prod);
        t.hasResourceProperties(
                "AWS::StepFunctions::StateMachine",
                Match.objectLike(Map.of(
                        "StateMachineName", "cairn-demo-prod-Nightly",
                        "TracingConfiguration", Map.of("Enabled", true),
                        "LoggingConfiguration",
                                Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", true)))));
        t.hasResource("AWS::StepFunctions::StateMachineVersion", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
        t.hasResourceProperties("AWS::StepFunctions::StateMachineAlias", Match.objectLike(Map.of("Name", "live")));
        t.resourceCountIs("AWS::CloudWatch::Alarm", 1);
    }

    @Test
    void scheduleStartsTheLiveAlias() {
        Template t = Template.fromStack(prod);
        String alias = logicalIds(prodTemplate, "AWS::StepFunctions::StateMachineAlias")
                .iterator()
                .next();
        t.hasResourceProperties(
                "AWS::Scheduler::Schedule",
                Match.objectLike(Map.of(
                        "ScheduleExpression",
                        "cron(0 3 * * ? *)",
                        "Target",
                        Match.objectLike(Map.of("Arn", Map.of("Ref", alias))))));
    }

    /** Step Functions authorizes StartExecution of an alias on the unqualified ARN plus states:StateMachineQualifier. */
    @Test
    void scheduleAndTriggerRolesMayStartOnlyTheLiveAliasAsStepFunctionsAuthorizesIt() {
        String machine = logicalIds(prodTemplate, "AWS::StepFunctions::StateMachine")
                .iterator()
                .next();
        for (String role : List.of("SchedulerRole", "StartAfterIngestRole")) {
            List<JsonNode> start = statements(prodTemplate, role);
            assertEquals(1, start.size(), role + ": " + start);
            JsonNode s = start.getFirst();
            assertEquals("states:StartExecution", s.get("Action").asText());
            assertEquals(
                    JSON.createObjectNode().put("Ref", machine),
                    s.get("Resource"),
                    role + ": the unqualified state machine ARN");
            assertEquals(
                    "live",
                    s.at("/Condition/ForAnyValue:StringEquals/states:StateMachineQualifier")
                            .asText(),
                    role + ": " + s);
        }
    }

    @Test
    void triggerRuleMatchesTheUpstreamStateMachineExactlyNotByPrefix() {
        JsonNode pattern = prodTemplate.get("Resources").properties().stream()
                .filter(e -> e.getKey().startsWith("StartAfter"))
                .map(Map.Entry::getValue)
                .filter(r -> r.get("Type").asText().equals("AWS::Events::Rule"))
                .findFirst()
                .orElseThrow()
                .at("/Properties/EventPattern/detail/stateMachineArn");
        assertEquals(1, pattern.size(), pattern.toString());
        assertTrue(
                pattern.get(0).isTextual() || pattern.get(0).has("Fn::Join"),
                "an exact ARN, no {prefix: ...}: " + pattern);
        assertFalse(pattern.toString().contains("prefix"), pattern.toString());
        assertTrue(
                pattern.toString().contains(":stateMachine:cairn-demo-prod-Ingest\""), "ends at the name: " + pattern);
    }

    @Test
    void everyJobDefinitionNamesItsRegionAndSurvivesUpdatesForVersionsStillUsingIt() {
        List<JsonNode> jobs = prodTemplate.get("Resources").properties().stream()
                .map(Map.Entry::getValue)
                .filter(r -> r.get("Type").asText().equals("AWS::Batch::JobDefinition"))
                .toList();
        assertEquals(4, jobs.size(), "two step profiles, the plan's, and the one that records a stopped run");
        for (JsonNode job : jobs) {
            Map<String, String> environment = new java.util.HashMap<>();
            job.at("/Properties/ContainerProperties/Environment")
                    .forEach(e -> environment.put(
                            e.get("Name").asText(), e.get("Value").asText()));
            assertEquals(TestApps.REGION, environment.get("AWS_REGION"), job.toString());
            assertTrue(
                    job.at("/Properties/ResourceRetentionPolicy/SkipDeregisterOnUpdate")
                            .asBoolean(),
                    job.toString());
            assertEquals("Retain", job.get("DeletionPolicy").asText());
        }
    }

    /** Without a final EXIT, Batch retries every failure no condition matches: a failed step would run 3 times. */
    @Test
    void batchRetriesOnlyInfrastructureFailuresAndExitsOnAnyOther() {
        prodTemplate.get("Resources").properties().stream()
                .map(Map.Entry::getValue)
                .filter(r -> r.get("Type").asText().equals("AWS::Batch::JobDefinition"))
                .forEach(job -> {
                    JsonNode conditions = job.at("/Properties/RetryStrategy/EvaluateOnExit");
                    assertEquals(3, job.at("/Properties/RetryStrategy/Attempts").asInt());
                    JsonNode last = conditions.get(conditions.size() - 1);
                    assertEquals(
                            "EXIT",
                            last.get("Action").asText().toUpperCase(java.util.Locale.ROOT),
                            conditions.toString());
                    assertEquals("*", last.get("OnReason").asText(), conditions.toString());
                    for (int i = 0; i < conditions.size() - 1; i++) {
                        assertEquals(
                                "RETRY",
                                conditions.get(i).get("Action").asText().toUpperCase(java.util.Locale.ROOT));
                        assertFalse(
                                conditions.get(i).has("OnExitCode"),
                                "an exit code is the step's own failure: " + conditions);
                    }
                });
    }

    /** An ABORTED or TIMED_OUT execution runs no catch: a rule submits the job that records its run. */
    @Test
    void anExecutionStoppedByHandOrTimedOutHasItsRunRecordedByAJobTheRuleSubmits() {
        Map.Entry<String, JsonNode> rule = prodTemplate.get("Resources").properties().stream()
                .filter(e -> e.getKey().startsWith("RecordStoppedRun")
                        && e.getValue().get("Type").asText().equals("AWS::Events::Rule"))
                .findFirst()
                .orElseThrow();
        JsonNode pattern = rule.getValue().at("/Properties/EventPattern");
        assertEquals(List.of("ABORTED", "TIMED_OUT"), texts(pattern.at("/detail/status")));
        String machine = logicalIds(prodTemplate, "AWS::StepFunctions::StateMachine")
                .iterator()
                .next();
        assertEquals(
                JSON.createArrayNode().add(JSON.createObjectNode().put("Ref", machine)),
                pattern.at("/detail/stateMachineArn"));

        JsonNode target = rule.getValue().at("/Properties/Targets/0");
        assertEquals(
                "$.detail.name",
                target.at("/InputTransformer/InputPathsMap/run").asText());
        assertEquals(
                "$.detail.status",
                target.at("/InputTransformer/InputPathsMap/status").asText());
        assertEquals(
                "{\"run\": <run>, \"status\": <status>}",
                target.at("/InputTransformer/InputTemplate").asText());
        String job = target.at("/BatchParameters/JobDefinition/Ref").asText();
        JsonNode command = prodTemplate.at("/Resources/" + job + "/Properties/ContainerProperties/Command");
        assertEquals(
                List.of(
                        "step",
                        "Nightly",
                        "--datastore",
                        "--branch",
                        "prod",
                        "--run",
                        "Ref::run",
                        "--record-failure",
                        "Ref::status"),
                texts(command).stream()
                        .filter(a -> !a.startsWith("s3://") && !a.isEmpty())
                        .toList(),
                command.toString());
        assertTrue(command.toString().contains("s3://"), "the deployed datastore: " + command);

        List<JsonNode> submit = statements(prodTemplate, "RecordStoppedRunRole");
        assertEquals(1, submit.size(), submit.toString());
        assertEquals("batch:SubmitJob", submit.getFirst().get("Action").asText());
        String resources = submit.getFirst().get("Resource").toString();
        assertTrue(resources.contains(job), "its own job definition: " + resources);
        assertEquals(2, submit.getFirst().get("Resource").size(), "the job definition and the queue: " + resources);
    }

    /** Each text value of an array, in order. */
    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isTextual() ? n.asText() : ""));
        return out;
    }

    @Test
    void successOfTheUpstreamFlowOnTheSameBranchStartsTheLiveAlias() {
        Template t = Template.fromStack(prod);
        String alias = logicalIds(prodTemplate, "AWS::StepFunctions::StateMachineAlias")
                .iterator()
                .next();
        t.hasResourceProperties(
                "AWS::Events::Rule",
                Match.objectLike(Map.of(
                        "EventPattern",
                                Match.objectLike(Map.of(
                                        "source", List.of("aws.states"),
                                        "detail", Match.objectLike(Map.of("status", List.of("SUCCEEDED"))))),
                        "Targets", Match.arrayWith(List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", alias))))))));
        String rule = prodTemplate.toString();
        assertTrue(rule.contains("stateMachine:cairn-demo-prod-Ingest"), "the rule listens to Ingest on branch prod");
        assertFalse(
                aliceTemplate.toString().contains("cairn-demo-prod-Ingest"),
                "user.alice's copy listens to its own branch");
    }

    @Test
    void twoBranchesAreDisjoint() {
        assertNotEquals(prod.getStackName(), alice.getStackName());
        String prodRole = statements(prodTemplate, "JobRole").toString();
        String aliceRole = statements(aliceTemplate, "JobRole").toString();
        assertTrue(aliceRole.contains("cairn/demo/user.alice/Nightly/*"), aliceRole);
        assertFalse(aliceRole.contains("cairn/demo/prod/"), aliceRole);
        assertFalse(prodRole.contains("user.alice"), prodRole);
        assertNotEquals(stateMachineName(prodTemplate), stateMachineName(aliceTemplate));
    }

    @Test
    void longStackNamesAreShortenedWithAHash() {
        String project = "p".repeat(150);
        String a = FlowStack.nameFor(project, "Flow", "prod");
        String b = FlowStack.nameFor(project, "Flow", "test.x");
        assertEquals(FlowStack.MAX_STACK_NAME_LENGTH, a.length());
        assertNotEquals(a, b);
        assertEquals(a, FlowStack.nameFor(project, "Flow", "prod"));
        assertTrue(a.matches("[A-Za-z][A-Za-z0-9-]*"), a);
    }

    @Test
    void branchWithInvalidCharactersIsRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> FlowStack.Props.builder(
                                TestApps.platform(TestApps.app()), TestFlows.Nightly.class, "user/alice", jar)
                        .build());
        assertTrue(e.getMessage().contains("branch 'user/alice' cannot name a datastore folder"), e.getMessage());
    }

    @Test
    void aBranchNamedLikeAReservedFolderIsRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> FlowStack.Props.builder(
                                TestApps.platform(TestApps.app()), TestFlows.Nightly.class, "_serving", jar)
                        .build());
        assertTrue(e.getMessage().contains("branch '_serving'"), e.getMessage());
    }

    @Test
    void jobsReadTheSharedInputsFolderUnderTheDatastorePrefix() {
        assertEquals(
                "cairn/_shared",
                FlowStack.Props.builder(TestApps.platform(TestApps.app()), TestFlows.Nightly.class, "prod", jar)
                        .build()
                        .sharedInputsPrefix());
        assertEquals(
                "data/_shared",
                FlowStack.Props.builder(TestApps.platform(TestApps.app()), TestFlows.Nightly.class, "prod", jar)
                        .datastorePrefix("data")
                        .build()
                        .sharedInputsPrefix());
    }

    /** Branches whose names map to the same characters still get their own stacks, state machines and log groups. */
    @Test
    void branchesThatDifferOnlyInPunctuationShareNoPhysicalName() {
        App app = TestApps.app();
        PlatformStack platform = TestApps.platform(app);
        List<Stack> stacks = new ArrayList<>(List.of(platform));
        for (String branch : List.of("user.alice", "user-alice", "user_alice")) {
            stacks.add(new FlowStack(
                    app,
                    FlowStack.Props.builder(platform, TestFlows.Nightly.class, branch, jar)
                            .build()));
        }
        Map<String, List<String>> owners = PhysicalNames.of(stacks);
        assertTrue(
                owners.keySet().stream().anyMatch(n -> n.startsWith("AWS::StepFunctions::StateMachine ")),
                owners.toString());
        assertTrue(owners.keySet().stream().anyMatch(n -> n.startsWith("AWS::Logs::LogGroup ")), owners.toString());
        assertEquals(
                Map.of(),
                owners.entrySet().stream()
                        .filter(e -> e.getValue().size() > 1)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "names two resources share");
        assertEquals(
                4, owners.keySet().stream().filter(n -> n.startsWith("stack ")).count(), owners.toString());
    }

    @Test
    void nestedForeachesDeployWithTheBoundsTheDeploymentDeclares() {
        App app = TestApps.app();
        PlatformStack platform = TestApps.platform(app);
        // array children of up to 100 tasks fit three default-bounded levels; bounds this large cannot fit
        IllegalArgumentException unbounded = assertThrows(
                IllegalArgumentException.class,
                () -> new FlowStack(
                        app,
                        FlowStack.Props.builder(platform, TestFlows.Deep.class, "prod", jar)
                                .maxForeachItems("start", 100_000)
                                .maxForeachItems("one", 100_000)
                                .maxForeachItems("two", 100_000)
                                .build()));
        assertTrue(unbounded.getMessage().contains("@Step(foreach = ..., maxItems = N)"), unbounded.getMessage());
        FlowStack bounded = new FlowStack(
                app,
                FlowStack.Props.builder(platform, TestFlows.Deep.class, "test.bounded", jar)
                        .maxForeachItems("start", 100)
                        .maxForeachItems("one", 10)
                        .maxForeachItems("two", 10)
                        .build());
        assertTrue(bounded.getStackName().matches("Cairn-demo-Deep-test-bounded--[0-9a-f]{8}"), bounded.getStackName());
        IllegalArgumentException typo = assertThrows(
                IllegalArgumentException.class,
                () -> FlowStack.Props.builder(platform, TestFlows.Deep.class, "prod", jar)
                        .maxForeachItems("three", 5)
                        .build());
        assertTrue(
                typo.getMessage().contains("`three`, which is not a foreach step")
                        && typo.getMessage().contains("[start, one, two]"),
                typo.getMessage());
    }

    @Test
    void maxItemsContextAppliesToTheNamedFlowOrToEveryFlowWithThatForeachStep() {
        assertEquals(
                Map.of("start", 100, "one", 10),
                CairnApp.maxItems("Deep.start=100, one=10, Nightly.start=5, train=3", TestFlows.Deep.class));
        assertEquals(Map.of("start", 5), CairnApp.maxItems("Deep.start=100, Nightly.start=5", TestFlows.Nightly.class));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> CairnApp.maxItems("start:100", TestFlows.Deep.class));
        assertTrue(e.getMessage().contains("[Flow.]step=N"), e.getMessage());
    }

    @Test
    void jobAttemptsOutsideBatchLimitAreRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> FlowStack.Props.builder(TestApps.platform(TestApps.app()), TestFlows.Nightly.class, "prod", jar)
                        .jobAttempts(11)
                        .build());
        assertTrue(e.getMessage().contains("1..10"), e.getMessage());
    }

    private static String stateMachineName(JsonNode template) {
        return template.get("Resources").properties().stream()
                .map(Map.Entry::getValue)
                .filter(r -> r.get("Type").asText().equals("AWS::StepFunctions::StateMachine"))
                .findFirst()
                .orElseThrow()
                .get("Properties")
                .get("StateMachineName")
                .asText();
    }

    private static Set<String> logicalIds(JsonNode template, String type) {
        return template.get("Resources").properties().stream()
                .filter(e -> e.getValue().get("Type").asText().equals(type))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** Statements of the IAM policies attached to the role whose logical id starts with {@code rolePrefix}. */
    /** The text values under {@code node}, in order: a definition's Fn::Join parts as one string. */
    private static void texts(JsonNode node, StringBuilder out) {
        if (node.isTextual()) {
            out.append(node.asText());
        }
        node.forEach(child -> texts(child, out));
    }

    static List<JsonNode> statements(JsonNode template, String rolePrefix) {
        List<JsonNode> out = new ArrayList<>();
        template.get("Resources").properties().forEach(e -> {
            JsonNode r = e.getValue();
            if (r.get("Type").asText().equals("AWS::IAM::Policy")
                    && r.get("Properties").get("Roles").toString().contains("\"" + rolePrefix)) {
                r.get("Properties").get("PolicyDocument").get("Statement").forEach(out::add);
            }
        });
        return out;
    }
}
