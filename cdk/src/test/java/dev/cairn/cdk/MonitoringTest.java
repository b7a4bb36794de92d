package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** Alarms that tell someone, and log groups that are encrypted and expire: platform, flow and serving stacks. */
class MonitoringTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static JsonNode platform;
    static JsonNode flow;
    static JsonNode serving;

    @BeforeAll
    static void synth() throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        Path router = Files.write(dir.resolve("router.jar"), new byte[] {1});
        App app = TestApps.app();
        PlatformStack platformStack = new PlatformStack(
                app,
                "Cairn-Platform",
                TestApps.platformProps().alarmEmail("ops@example.com").build());
        FlowStack flowStack = new FlowStack(
                app,
                FlowStack.Props.builder(platformStack, TestFlows.Nightly.class, "prod", jar)
                        .build());
        ServingStack servingStack = new ServingStack(
                app,
                ServingStackTest.churnProps(platformStack).routerCode(router).build());
        platform = template(platformStack);
        flow = template(flowStack);
        serving = template(servingStack);
    }

    private static JsonNode template(Stack stack) {
        return JSON.valueToTree(Template.fromStack(stack).toJSON());
    }

    private static List<JsonNode> resources(JsonNode template, String type) {
        List<JsonNode> out = new ArrayList<>();
        template.path("Resources").forEach(r -> {
            if (r.path("Type").asText().equals(type)) {
                out.add(r);
            }
        });
        return out;
    }

    private static String logicalId(JsonNode template, String type, String prefix) {
        List<String> ids = new ArrayList<>();
        template.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals(type) && e.getKey().startsWith(prefix)) {
                ids.add(e.getKey());
            }
        });
        assertEquals(1, ids.size(), type + " " + prefix + ": " + ids);
        return ids.get(0);
    }

    @Test
    void alarmTopicIsEncryptedWithTheMonitoringKeyAndMailsTheAlarmEmail() {
        String key = logicalId(platform, "AWS::KMS::Key", "MonitoringKey");
        JsonNode topic = resources(platform, "AWS::SNS::Topic").get(0);
        assertEquals(
                key,
                topic.path("Properties")
                        .path("KmsMasterKeyId")
                        .path("Fn::GetAtt")
                        .path(0)
                        .asText(),
                topic.toString());
        JsonNode subscription =
                resources(platform, "AWS::SNS::Subscription").get(0).path("Properties");
        assertEquals("email", subscription.path("Protocol").asText());
        assertEquals("ops@example.com", subscription.path("Endpoint").asText());
        // SNS refuses plain HTTP publishers
        assertTrue(
                resources(platform, "AWS::SNS::TopicPolicy").get(0).toString().contains("aws:SecureTransport"));
    }

    @Test
    void withoutAnAlarmEmailTheTopicHasNoSubscription() {
        App app = TestApps.app();
        Template t = Template.fromStack(TestApps.platform(app));
        t.resourceCountIs("AWS::SNS::Topic", 1);
        t.resourceCountIs("AWS::SNS::Subscription", 0);
    }

    @Test
    void anAlarmEmailThatIsNoAddressIsRefusedNamingTheContextValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Monitoring.Props("ops"));
        assertTrue(e.getMessage().contains("-c alarmEmail="), e.getMessage());
    }

    @Test
    void everyAlarmOfFlowsAndEndpointsNotifiesThePlatformsTopic() {
        String topic = logicalId(platform, "AWS::SNS::Topic", "MonitoringAlarms");
        List<JsonNode> alarms = new ArrayList<>(resources(flow, "AWS::CloudWatch::Alarm"));
        alarms.addAll(resources(serving, "AWS::CloudWatch::Alarm"));
        assertEquals(1 + 3 * 2, alarms.size()); // failed executions; errors and latency of v1, v2, v3
        for (JsonNode alarm : alarms) {
            JsonNode actions = alarm.path("Properties").path("AlarmActions");
            assertEquals(1, actions.size(), alarm.toString());
            assertTrue(actions.get(0).toString().contains(topic), actions.toString());
        }
    }

    @Test
    void logsKeyLetsCloudWatchLogsOfThisRegionUseItForThisAccountsLogGroupsOnly() {
        JsonNode policy = resources(platform, "AWS::KMS::Key").stream()
                .filter(k -> k.path("Properties").path("Description").asText().startsWith("Cairn monitoring"))
                .findFirst()
                .orElseThrow()
                .path("Properties")
                .path("KeyPolicy");
        JsonNode logs = null;
        for (JsonNode s : policy.path("Statement")) {
            if (s.path("Principal").path("Service").asText().equals("logs." + TestApps.REGION + ".amazonaws.com")) {
                logs = s;
            }
        }
        assertTrue(logs != null, policy.toString());
        String arn = logs.path("Condition")
                .path("ArnLike")
                .path("kms:EncryptionContext:aws:logs:arn")
                .toString();
        assertTrue(arn.contains(":logs:" + TestApps.REGION + ":" + TestApps.ACCOUNT + ":log-group:*"), arn);
    }

    @Test
    void everyLogGroupIsEncryptedWithTheMonitoringKeyAndExpires() {
        Map<String, JsonNode> templates = Map.of("platform", platform, "flow", flow, "serving", serving);
        int groups = 0;
        for (var e : templates.entrySet()) {
            for (JsonNode group : resources(e.getValue(), "AWS::Logs::LogGroup")) {
                groups++;
                JsonNode props = group.path("Properties");
                assertTrue(props.path("KmsKeyId").toString().contains("MonitoringKey"), e.getKey() + ": " + group);
                assertTrue(props.path("RetentionInDays").asInt() > 0, e.getKey() + ": " + group);
            }
        }
        assertEquals(1 + 2 + 3, groups); // VPC flow log; executions and jobs; router, access log, exposure delivery
    }

    @Test
    void batchJobsLogToTheFlowsOwnGroupAndTheirExecutionRolesWriteOnlyThere() {
        String jobLogs = logicalId(flow, "AWS::Logs::LogGroup", "JobLogs");
        assertEquals(
                "/aws/batch/Cairn-demo-Nightly-prod",
                flow.path("Resources")
                        .path(jobLogs)
                        .path("Properties")
                        .path("LogGroupName")
                        .asText());
        List<JsonNode> jobs = resources(flow, "AWS::Batch::JobDefinition");
        assertFalse(jobs.isEmpty());
        for (JsonNode job : jobs) {
            JsonNode logging =
                    job.path("Properties").path("ContainerProperties").path("LogConfiguration");
            assertEquals("awslogs", logging.path("LogDriver").asText(), job.toString());
            assertEquals(
                    jobLogs,
                    logging.path("Options").path("awslogs-group").path("Ref").asText(),
                    logging.toString());
        }
        assertFalse(flow.toString().contains("/aws/batch/job"), "no job writes Batch's shared log group");
        List<JsonNode> executionRolePolicies = resources(flow, "AWS::IAM::Policy").stream()
                .filter(p -> p.path("Properties").path("Roles").toString().contains("ExecutionRole"))
                .toList();
        assertFalse(executionRolePolicies.isEmpty());
        for (JsonNode policy : executionRolePolicies) {
            for (JsonNode s : policy.path("Properties").path("PolicyDocument").path("Statement")) {
                if (s.path("Action").toString().contains("logs:")) {
                    assertTrue(s.path("Resource").toString().contains(jobLogs), s.toString());
                }
            }
        }
    }

    @Test
    void accessLogBucketTakesLogsThroughItsPolicyWithAclsDisabled() {
        String logs = logicalId(platform, "AWS::S3::Bucket", "DatastoreAccessLogs");
        JsonNode bucket = platform.path("Resources").path(logs).path("Properties");
        assertEquals(
                "BucketOwnerEnforced",
                bucket.path("OwnershipControls")
                        .path("Rules")
                        .path(0)
                        .path("ObjectOwnership")
                        .asText(),
                bucket.toString());
        assertTrue(bucket.path("AccessControl").isMissingNode(), bucket.toString());
        boolean delivery = false;
        for (JsonNode policy : resources(platform, "AWS::S3::BucketPolicy")) {
            if (policy.path("Properties").path("Bucket").path("Ref").asText().equals(logs)) {
                for (JsonNode s :
                        policy.path("Properties").path("PolicyDocument").path("Statement")) {
                    delivery |= s.path("Principal").path("Service").asText().equals("logging.s3.amazonaws.com")
                            && s.path("Action").asText().equals("s3:PutObject");
                }
            }
        }
        assertTrue(delivery, "the access-log bucket's policy lets S3 log delivery put objects");
    }
}
