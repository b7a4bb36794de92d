package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.serving.ModelManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class PlatformStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Template template;

    @BeforeAll
    static void synth() {
        template = Template.fromStack(TestApps.platform(TestApps.app()));
    }

    @Test
    void datastoreIsKmsEncryptedVersionedAndNeverPublic() {
        template.hasResourceProperties(
                "AWS::S3::Bucket",
                Match.objectLike(Map.of(
                        "BucketEncryption",
                                Map.of(
                                        "ServerSideEncryptionConfiguration",
                                        List.of(Match.objectLike(Map.of(
                                                "ServerSideEncryptionByDefault",
                                                Match.objectLike(Map.of("SSEAlgorithm", "aws:kms")))))),
                        "VersioningConfiguration", Map.of("Status", "Enabled"),
                        "PublicAccessBlockConfiguration",
                                Map.of(
                                        "BlockPublicAcls",
                                        true,
                                        "BlockPublicPolicy",
                                        true,
                                        "IgnorePublicAcls",
                                        true,
                                        "RestrictPublicBuckets",
                                        true),
                        "LoggingConfiguration", Match.objectLike(Map.of("LogFilePrefix", "datastore/")))));
        template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)));
    }

    @Test
    void batchInstancesRequireImdsv2WithHopLimitOneAndKeepContainersFromTheMetadataService() {
        Map<String, Map<String, Object>> templates = template.findResources("AWS::EC2::LaunchTemplate");
        assertEquals(2, templates.size(), "production's and development's: " + templates.keySet());
        template.hasResourceProperties(
                "AWS::EC2::LaunchTemplate",
                Match.objectLike(Map.of(
                        "LaunchTemplateData",
                        Match.objectLike(Map.of(
                                "MetadataOptions",
                                Map.of(
                                        "HttpEndpoint",
                                        "enabled",
                                        "HttpTokens",
                                        "required",
                                        "HttpPutResponseHopLimit",
                                        1),
                                "UserData",
                                Match.anyValue())))));
        templates.forEach((id, launchTemplate) -> {
            String userData = JSON.valueToTree(launchTemplate).toString();
            assertTrue(userData.contains("multipart/mixed"), "Batch takes MIME multi-part user data only: " + userData);
            assertTrue(userData.contains(ComputeQueues.BLOCK_METADATA_FOR_CONTAINERS), userData);
        });
        Map<String, Map<String, Object>> environments = template.findResources("AWS::Batch::ComputeEnvironment");
        assertFalse(environments.isEmpty());
        environments.forEach((id, environment) -> {
            JsonNode spec = JSON.valueToTree(environment)
                    .path("Properties")
                    .path("ComputeResources")
                    .path("LaunchTemplate");
            String launchTemplate = spec.path("LaunchTemplateId").path("Ref").asText();
            assertTrue(templates.containsKey(launchTemplate), id + ": " + spec);
            assertEquals(
                    id.startsWith("Production"), launchTemplate.startsWith("Production"), id + ": " + launchTemplate);
        });
    }

    @Test
    void productionHasItsOwnComputeEnvironmentsAndQueuesApartFromDevelopment() {
        Map<String, Map<String, Object>> queues = template.findResources("AWS::Batch::JobQueue");
        assertEquals(4, queues.size(), "CPU and GPU, production and development: " + queues.keySet());
        assertEquals(4, template.findResources("AWS::Batch::ComputeEnvironment").size());
        Set<String> environments = new java.util.HashSet<>();
        queues.forEach((id, queue) -> {
            JsonNode order = JSON.valueToTree(queue).path("Properties").path("ComputeEnvironmentOrder");
            assertEquals(1, order.size(), id);
            String environment = order.get(0).path("ComputeEnvironment").toString();
            assertEquals(
                    id.startsWith("ProductionCompute"),
                    environment.contains("ProductionCompute"),
                    id + ": " + environment);
            assertTrue(environments.add(environment), "each queue has its own compute environment: " + environment);
        });
    }

    @Test
    void datastoreExpiresOldRunDataAndIncompleteUploads() {
        template.hasResourceProperties(
                "AWS::S3::Bucket",
                Match.objectLike(Map.of(
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                List.of(
                                        Match.objectLike(Map.of(
                                                "Id",
                                                "old-run-data",
                                                "Prefix",
                                                "cairn/",
                                                "ExpirationInDays",
                                                365,
                                                "Status",
                                                "Enabled")),
                                        Match.objectLike(Map.of(
                                                "Id",
                                                "incomplete-multipart-uploads",
                                                "AbortIncompleteMultipartUpload",
                                                Map.of("DaysAfterInitiation", Datastore.INCOMPLETE_UPLOAD_DAYS))))))));
    }

    @Test
    void lifecycleRulesNeverExpireAnExportedModel() {
        // the key as cairn export-model writes it (runtime's ModelExport, on the cdk module's runtime classpath
        // through the example flows) for a datastore at s3://<bucket>/cairn, the flow and serving stacks' default
        ModelManifest manifest = new ModelManifest(
                ModelManifest.FORMAT,
                "demo",
                "CountryModels",
                "prod",
                "20261126-061530-4f2a9c",
                "bestPerCountry",
                "0-0",
                "best",
                "dev.cairn.examples.countrymodels.TrainedModel",
                "json",
                "0".repeat(64),
                "code",
                Instant.parse("2026-11-26T09:00:00Z"));
        String exported = dev.cairn.serving.ModelExport.s3Key("cairn", manifest);
        assertEquals(
                new ModelExport(
                                "demo",
                                "prod",
                                "CountryModels",
                                "20261126-061530-4f2a9c",
                                "bestPerCountry",
                                "0-0",
                                "best")
                        .key("cairn"),
                exported,
                "the key a serving stack reads is the key export-model writes");
        String runData = "cairn/demo/prod/CountryModels/data/ab/ab" + "0".repeat(62);

        List<String> expiring = new ArrayList<>();
        Map<String, Map<String, Object>> buckets = template.findResources("AWS::S3::Bucket");
        List<String> datastoreIds = buckets.keySet().stream()
                .filter(id -> id.startsWith("DatastoreBucket"))
                .toList();
        assertEquals(1, datastoreIds.size(), "the datastore bucket (not its access-log bucket): " + buckets.keySet());
        for (Map<String, Object> bucket : List.of(buckets.get(datastoreIds.get(0)))) {
            JsonNode rules = JSON.valueToTree(bucket)
                    .path("Properties")
                    .path("LifecycleConfiguration")
                    .path("Rules");
            for (JsonNode rule : rules) {
                // a rule deletes current objects with Expiration*; noncurrent-version and multipart rules do not
                boolean deletes = rule.has("ExpirationInDays") || rule.has("ExpirationDate");
                String prefix = rule.has("Prefix")
                        ? rule.get("Prefix").asText()
                        : rule.path("Filter").path("Prefix").asText("");
                if (deletes
                        && rule.path("Status").asText().equals("Enabled")
                        && rule.path("TagFilters").isMissingNode()
                        && rule.path("Filter").path("Tag").isMissingNode()) {
                    expiring.add(prefix);
                }
            }
        }
        assertEquals(List.of("cairn/"), expiring, "run data still expires");
        assertTrue(expiring.stream().anyMatch(runData::startsWith), runData);
        assertTrue(
                expiring.stream().noneMatch(exported::startsWith),
                exported + " is covered by a rule with prefix " + expiring);
        Datastore datastore = TestApps.platform(TestApps.app()).datastore();
        assertTrue(datastore.expires(runData));
        assertFalse(datastore.expires(exported));
    }

    @Test
    void runDataCannotExpireBeforeTheBlobsRunsShareAreRenewed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Datastore.Props.builder()
                        .runDataExpiration(Duration.days(Datastore.MIN_RUN_DATA_EXPIRATION_DAYS - 1))
                        .build());
        assertTrue(e.getMessage().contains("runDataExpiration of 59 days is too short"), e.getMessage());
        Datastore.Props.builder()
                .runDataExpiration(Duration.days(Datastore.MIN_RUN_DATA_EXPIRATION_DAYS))
                .build();
        Datastore.Props.builder().runDataExpiration(null).build();
    }

    @Test
    void runDataPrefixAlwaysEndsWithASlashSoItNeverCoversTheModelsBesideIt() {
        Datastore.Props props = Datastore.Props.builder().runDataPrefix("cairn").build();
        assertEquals("cairn/", props.runDataPrefix());
        assertThrows(
                IllegalArgumentException.class,
                () -> Datastore.Props.builder().runDataPrefix("/").build());
    }

    @Test
    void bothBucketsDenyRequestsWithoutTls() {
        template.resourceCountIs("AWS::S3::Bucket", 2);
        Map<String, Map<String, Object>> policies = template.findResources(
                "AWS::S3::BucketPolicy",
                Match.objectLike(Map.of(
                        "Properties",
                        Match.objectLike(Map.of(
                                "PolicyDocument",
                                Match.objectLike(Map.of(
                                        "Statement",
                                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                                "Effect",
                                                "Deny",
                                                "Action",
                                                "s3:*",
                                                "Condition",
                                                Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))))));
        assertEquals(2, policies.size());
    }

    @Test
    void cpuAndGpuQueuesScaleToZero() {
        template.resourceCountIs("AWS::Batch::JobQueue", 4); // production and development
        template.resourceCountIs("AWS::Batch::ComputeEnvironment", 4);
        template.hasResourceProperties(
                "AWS::Batch::ComputeEnvironment",
                Match.objectLike(Map.of(
                        "ComputeResources",
                        Match.objectLike(Map.of("MinvCpus", 0, "InstanceTypes", List.of("default_x86_64"))))));
        template.hasResourceProperties(
                "AWS::Batch::ComputeEnvironment",
                Match.objectLike(Map.of(
                        "ComputeResources",
                        Match.objectLike(Map.of(
                                "MinvCpus",
                                0,
                                "MaxvCpus",
                                ComputeQueues.DEFAULT_MAX_GPU_VCPUS,
                                "InstanceTypes",
                                List.of("g5", "g6"),
                                "Ec2Configuration",
                                List.of(Map.of("ImageType", "ECS_AL2023_NVIDIA")))))));
    }

    @Test
    void newVpcHasPrivateSubnetsAnS3EndpointAndFlowLogs() {
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Match.objectLike(Map.of("VpcEndpointType", "Gateway")));
        template.resourceCountIs("AWS::EC2::NatGateway", 1);
        template.resourceCountIs("AWS::EC2::FlowLog", 1);
    }

    @Test
    void isolatedVpcGetsInterfaceEndpointsInsteadOfNat() {
        Template t = Template.fromStack(new PlatformStack(
                TestApps.app(),
                "P",
                TestApps.platformProps()
                        .network(Network.Props.builder().natGateways(0).build())
                        .build()));
        t.resourceCountIs("AWS::EC2::NatGateway", 0);
        t.resourceCountIs("AWS::EC2::VPCEndpoint", 1 + Network.ISOLATED_ENDPOINTS.size());
    }

    @Test
    void existingVpcIsTakenFromIdsWithoutLookup() {
        Template t = Template.fromStack(new PlatformStack(
                TestApps.app(),
                "P",
                TestApps.platformProps()
                        .network(Network.Props.builder()
                                .vpcId("vpc-0abc")
                                .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                                .privateSubnetIds(List.of("subnet-1", "subnet-2"))
                                .build())
                        .build()));
        t.resourceCountIs("AWS::EC2::VPC", 0);
        t.hasResourceProperties(
                "AWS::Batch::ComputeEnvironment",
                Match.objectLike(Map.of(
                        "ComputeResources", Match.objectLike(Map.of("Subnets", List.of("subnet-1", "subnet-2"))))));
    }

    @Test
    void existingVpcWithoutSubnetsNamesWhatIsMissing() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Network.Props.builder().vpcId("vpc-0abc").build());
        assertTrue(e.getMessage().contains("vpcAzs, vpcPrivateSubnetIds"), e.getMessage());
    }

    @Test
    void snowflakeRoleTrustsTheSnowflakeUserWithTheExternalId() {
        App app = TestApps.app();
        Template t = Template.fromStack(new PlatformStack(
                app,
                "P",
                TestApps.platformProps()
                        .snowflake(new PlatformStack.Snowflake("arn:aws:iam::999999999999:user/sf", "ACME_SFCRole=1_x"))
                        .build()));
        t.resourceCountIs("AWS::SecretsManager::Secret", 1);
        t.hasResourceProperties(
                "AWS::IAM::Role",
                Match.objectLike(Map.of(
                        "AssumeRolePolicyDocument",
                        Map.of(
                                "Version",
                                "2012-10-17",
                                "Statement",
                                List.of(Map.of(
                                        "Action",
                                        "sts:AssumeRole",
                                        "Effect",
                                        "Allow",
                                        "Principal",
                                        Map.of("AWS", "arn:aws:iam::999999999999:user/sf"),
                                        "Condition",
                                        Map.of("StringEquals", Map.of("sts:ExternalId", "ACME_SFCRole=1_x"))))))));
    }

    @Test
    void snowflakeUserMustBeAnIamArn() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new PlatformStack(
                        TestApps.app(),
                        "P",
                        TestApps.platformProps()
                                .snowflake(new PlatformStack.Snowflake("sf-user", "x"))
                                .build()));
        assertTrue(e.getMessage().contains("STORAGE_AWS_IAM_USER_ARN"), e.getMessage());
    }
}
