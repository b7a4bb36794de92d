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
        assertEquals("Cairn-demo-Nightly-user-alice", alice.getStackName());
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
                    || resources.contains("/cairn/shared/*")
                    || s.get("Action").asText().equals("s3:GetObject") && resources.contains(".jar") // the code package
                    || condition.contains("cairn/demo/prod/Nightly/*")
                    || condition.contains("cairn/shared/*");
            assertTrue(scoped, "unscoped S3 statement: " + s);
            if (s.get("Action").toString().contains("s3:PutObject")) {
                assertTrue(resources.contains("/cairn/demo/prod/Nightly/*"), s.toString());
            }
        }
        assertEquals("cairn/demo/prod/Nightly", prod.flowPrefix());
    }

    @Test
    void stateMachineSubmitsOnlyToItsJobDefinitionsAndQueues() {
        Set<String> jobDefinitions = logicalIds(prodTemplate, "AWS::Batch::JobDefinition");
        assertEquals(3, jobDefinitions.size(), "the plan profile, the default profile and the GPU profile");
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
            assertEquals(3, logicalIds(template, "AWS::Batch::JobDefinition").size());
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
                .map(Map.Entry::getValue)
                .filter(r -> r.get("Type").asText().equals("AWS::Batch::JobDefinition"))
                .toList();
        assertEquals(3, jobs.size());
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
        assertEquals(3, jobs.size());
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
        assertTrue(e.getMessage().contains("branch must be"), e.getMessage());
    }

    @Test
    void nestedForeachesDeployWithTheBoundsTheDeploymentDeclares() {
        App app = TestApps.app();
        PlatformStack platform = TestApps.platform(app);
        IllegalArgumentException unbounded = assertThrows(
                IllegalArgumentException.class,
                () -> new FlowStack(
                        app,
                        FlowStack.Props.builder(platform, TestFlows.Deep.class, "prod", jar)
                                .build()));
        assertTrue(unbounded.getMessage().contains("@Step(foreach = ..., maxItems = N)"), unbounded.getMessage());
        FlowStack bounded = new FlowStack(
                app,
                FlowStack.Props.builder(platform, TestFlows.Deep.class, "test.bounded", jar)
                        .maxForeachItems("start", 100)
                        .maxForeachItems("one", 10)
                        .maxForeachItems("two", 10)
                        .build());
        assertTrue(bounded.getStackName().endsWith("test-bounded"));
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
