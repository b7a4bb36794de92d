package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ServingStackTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String IMAGE = TestApps.ACCOUNT + ".dkr.ecr." + TestApps.REGION + ".amazonaws.com/cairn-serving:1";
    static final String KEY_V1 = key("20261120-080000-1a2b3c");
    static final String KEY_V2 = key("20261126-061530-4f2a9c");
    static final String KEY_V3 = key("20261127-093000-7d8e9f");

    @TempDir
    static Path dir;

    static Path routerJar;
    static ServingStack churn;
    static Template template;
    static JsonNode json;

    @BeforeAll
    static void synth() throws IOException {
        routerJar = Files.write(dir.resolve("cairn-functions-0.1.0-lambda.jar"), new byte[] {'P', 'K', 3, 4});
        App app = TestApps.app();
        churn = new ServingStack(app, churnProps(TestApps.platform(app)).build());
        template = Template.fromStack(churn);
        json = JSON.valueToTree(template.toJSON());
    }

    static String key(String run) {
        return new ModelExport("demo", "prod", "CountryModels", run, "bestPerCountry", "0-0", "best").key("cairn");
    }

    /** Two production variants (one on a GPU instance) in an experiment, and a router shadow. */
    static ServingStack.Props.Builder churnProps(PlatformStack platform) {
        return ServingStack.Props.builder(platform, "demo", "churn")
                .variant(ModelEndpoint.Variant.builder("v1", KEY_V1)
                        .weight(0.5)
                        .instances("ml.m5.large", 1)
                        .autoscaling(1, 3, 200)
                        .build())
                .variant(ModelEndpoint.Variant.builder("v2", KEY_V2)
                        .weight(0.5)
                        .instances("ml.g5.xlarge", 2)
                        .build())
                .variant(ModelEndpoint.Variant.builder("v3", KEY_V3).weight(0).build())
                .shadow(new ServingStack.Shadow("v3", 10))
                .experiment(Experiment.builder("churn-ab", "churn-ab-1")
                        .weight("v1", 0.5)
                        .weight("v2", 0.5)
                        .build())
                .routerCode(routerJar)
                .image(ServingImage.Props.fromRegistry(IMAGE));
    }

    @Test
    void stackIsNamedAfterProjectAndDeployment() {
        assertEquals("CairnServing-demo-churn", churn.getStackName());
        assertEquals("cairn-demo-churn", churn.endpoint().endpointName());
    }

    @Test
    void eachVariantHasAModelServingItsExportedArchive() {
        assertEquals(
                "cairn-models/demo/prod/CountryModels/20261120-080000-1a2b3c/bestPerCountry/0-0/best/model.tar.gz",
                KEY_V1);
        List<JsonNode> models = resources(json, "AWS::SageMaker::Model");
        assertEquals(3, models.size());
        Set<String> urls = new TreeSet<>();
        for (JsonNode m : models) {
            JsonNode container = m.get("Properties").get("PrimaryContainer");
            assertEquals(IMAGE, container.get("Image").asText());
            JsonNode join = container.get("ModelDataUrl").get("Fn::Join").get(1);
            assertEquals("s3://", join.get(0).asText());
            assertTrue(join.get(1).toString().contains("Datastore"), "the platform datastore's bucket: " + join);
            urls.add(join.get(2).asText());
        }
        assertEquals(Set.of("/" + KEY_V1, "/" + KEY_V2, "/" + KEY_V3), urls);
    }

    @Test
    void everyInstanceModelRunsWithNetworkIsolation() {
        List<JsonNode> models = resources(json, "AWS::SageMaker::Model");
        assertEquals(3, models.size());
        for (JsonNode m : models) {
            assertTrue(m.get("Properties").path("EnableNetworkIsolation").asBoolean(false), m.toString());
        }
    }

    @Test
    void executionRoleReadsOnlyTheModelArchivesAndWritesOnlyCapture() {
        List<JsonNode> s3 = FlowStackTest.statements(json, "EndpointExecutionRole").stream()
                .filter(s -> s.get("Action").toString().contains("s3:"))
                .toList();
        assertEquals(2, s3.size(), s3.toString());
        JsonNode read = s3.stream()
                .filter(s -> s.get("Action").asText().equals("s3:GetObject"))
                .findFirst()
                .orElseThrow();
        String readResources = read.get("Resource").toString();
        for (String key : List.of(KEY_V1, KEY_V2, KEY_V3)) {
            assertTrue(readResources.contains("/" + key + "\""), readResources);
        }
        assertEquals(3, read.get("Resource").size(), "exactly the three archives, no prefix wildcard");
        JsonNode write = s3.stream()
                .filter(s -> s.get("Action").toString().contains("s3:PutObject"))
                .findFirst()
                .orElseThrow();
        assertTrue(write.get("Resource").toString().contains("/cairn/demo/_serving/churn/capture/*"), write.toString());
    }

    @Test
    void endpointConfigHasTheVariantsWeightsAndDataCapture() {
        template.hasResourceProperties(
                "AWS::SageMaker::EndpointConfig",
                Match.objectLike(Map.of(
                        "ProductionVariants",
                                Match.arrayWith(List.of(
                                        Match.objectLike(Map.of(
                                                "VariantName",
                                                "v1",
                                                "InitialVariantWeight",
                                                0.5,
                                                "InstanceType",
                                                "ml.m5.large",
                                                "InitialInstanceCount",
                                                1)),
                                        Match.objectLike(Map.of(
                                                "VariantName",
                                                "v2",
                                                "InitialVariantWeight",
                                                0.5,
                                                "InstanceType",
                                                "ml.g5.xlarge",
                                                "InitialInstanceCount",
                                                2)),
                                        Match.objectLike(Map.of("VariantName", "v3", "InitialVariantWeight", 0)))),
                        "DataCaptureConfig",
                                Match.objectLike(Map.of(
                                        "EnableCapture",
                                        true,
                                        "InitialSamplingPercentage",
                                        100,
                                        "DestinationS3Uri",
                                        Match.objectLike(Map.of(
                                                "Fn::Join",
                                                Match.arrayWith(List.of(Match.arrayWith(
                                                        List.of("/cairn/demo/_serving/churn/capture")))))),
                                        "KmsKeyId",
                                        Match.anyValue(),
                                        "CaptureOptions",
                                        List.of(Map.of("CaptureMode", "Input"), Map.of("CaptureMode", "Output")))))));
        JsonNode config =
                resources(json, "AWS::SageMaker::EndpointConfig").get(0).get("Properties");
        assertFalse(config.has("EndpointConfigName"), "no fixed name: a changed config is a new one");
        assertFalse(config.has("ShadowProductionVariants"), "the router shadows v3");
        template.hasResourceProperties(
                "AWS::SageMaker::Endpoint",
                Match.objectLike(Map.of(
                        "EndpointName",
                        "cairn-demo-churn",
                        "EndpointConfigName",
                        Map.of(
                                "Fn::GetAtt",
                                List.of(logicalId(json, "AWS::SageMaker::EndpointConfig"), "EndpointConfigName")))));
    }

    @Test
    void serverlessDeploymentHasServerlessConfigAndNoDataCapture() {
        App app = TestApps.app();
        Template t = Template.fromStack(new ServingStack(
                app,
                ServingStack.Props.builder(TestApps.platform(app), "demo", "lite")
                        .variant(ModelEndpoint.Variant.builder("v1", KEY_V1)
                                .serverless(2048, 5)
                                .build())
                        .routerCode(routerJar)
                        .image(ServingImage.Props.fromRegistry(IMAGE))
                        .build()));
        t.hasResourceProperties(
                "AWS::SageMaker::EndpointConfig",
                Map.of(
                        "ProductionVariants",
                        List.of(Map.of(
                                "VariantName",
                                "v1",
                                "InitialVariantWeight",
                                1,
                                "ModelName",
                                Match.anyValue(),
                                "ServerlessConfig",
                                Map.of("MemorySizeInMB", 2048, "MaxConcurrency", 5)))));
        t.resourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 0);
        t.resourceCountIs("AWS::CloudWatch::Alarm", 2);
        // serverless inference refuses network isolation (a documented feature exclusion)
        t.hasResourceProperties("AWS::SageMaker::Model", Match.objectLike(Map.of("EnableNetworkIsolation", false)));
    }

    @Test
    void endpointShadowModeUsesSageMakerShadowVariants() throws IOException {
        App app = TestApps.app();
        ServingStack stack = new ServingStack(
                app,
                ServingStack.Props.builder(TestApps.platform(app), "demo", "canary")
                        .variant(ModelEndpoint.Variant.builder("v1", KEY_V1).build())
                        .variant(ModelEndpoint.Variant.builder("v2", KEY_V2)
                                .weight(0)
                                .build())
                        .shadow(new ServingStack.Shadow("v2", 25, ServingStack.ShadowMode.ENDPOINT))
                        .routerCode(routerJar)
                        .image(ServingImage.Props.fromRegistry(IMAGE))
                        .build());
        Template t = Template.fromStack(stack);
        t.hasResourceProperties(
                "AWS::SageMaker::EndpointConfig",
                Match.objectLike(Map.of(
                        "ProductionVariants",
                                List.of(Match.objectLike(Map.of("VariantName", "v1", "InitialVariantWeight", 1))),
                        "ShadowProductionVariants",
                                List.of(Match.objectLike(Map.of("VariantName", "v2", "InitialVariantWeight", 0.25))))));
        JsonNode config = JSON.readTree(stack.routerConfig()).get("models").get("canary");
        assertEquals(
                List.of("v1"),
                JSON.convertValue(config.get("variants"), List.class),
                "SageMaker's shadow is not targetable");
        assertFalse(config.has("shadow"));
    }

    @Test
    void instanceVariantsScaleOnInvocationsPerInstance() {
        template.resourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 3);
        template.hasResourceProperties(
                "AWS::ApplicationAutoScaling::ScalableTarget",
                Match.objectLike(Map.of(
                        "ServiceNamespace",
                        "sagemaker",
                        "ResourceId",
                        "endpoint/cairn-demo-churn/variant/v1",
                        "ScalableDimension",
                        "sagemaker:variant:DesiredInstanceCount",
                        "MinCapacity",
                        1,
                        "MaxCapacity",
                        3)));
        template.hasResourceProperties(
                "AWS::ApplicationAutoScaling::ScalableTarget",
                Match.objectLike(Map.of(
                        "ResourceId", "endpoint/cairn-demo-churn/variant/v2", "MinCapacity", 2, "MaxCapacity", 4)));
        template.resourceCountIs("AWS::ApplicationAutoScaling::ScalingPolicy", 3);
        template.hasResourceProperties(
                "AWS::ApplicationAutoScaling::ScalingPolicy",
                Match.objectLike(Map.of(
                        "PolicyType",
                        "TargetTrackingScaling",
                        "TargetTrackingScalingPolicyConfiguration",
                        Match.objectLike(Map.of(
                                "TargetValue",
                                200,
                                "PredefinedMetricSpecification",
                                Map.of("PredefinedMetricType", "SageMakerVariantInvocationsPerInstance"))))));
        assertTrue(
                resources(json, "AWS::IAM::Role").stream()
                        .noneMatch(r -> r.toString().contains("application-autoscaling")),
                "no role of its own: an empty role could not scale the endpoint");
        for (JsonNode target : resources(json, "AWS::ApplicationAutoScaling::ScalableTarget")) {
            assertTrue(
                    target.get("Properties")
                            .get("RoleARN")
                            .toString()
                            .contains(":role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/"
                                    + "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint"),
                    target.toString());
        }
    }

    @Test
    void everyVariantHasAnErrorAndALatencyAlarmAndTheDashboardShowsThem() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 6);
        for (String v : List.of("v1", "v2", "v3")) {
            template.hasResourceProperties(
                    "AWS::CloudWatch::Alarm",
                    Match.objectLike(Map.of(
                            "MetricName",
                            "Invocation5XXErrors",
                            "Namespace",
                            "AWS/SageMaker",
                            "Statistic",
                            "Sum",
                            "ComparisonOperator",
                            "GreaterThanThreshold",
                            "Threshold",
                            5,
                            "Dimensions",
                            Match.arrayWith(List.of(Map.of("Name", "VariantName", "Value", v))))));
            template.hasResourceProperties(
                    "AWS::CloudWatch::Alarm",
                    Match.objectLike(Map.of(
                            "MetricName",
                            "ModelLatency",
                            "ExtendedStatistic",
                            "p99",
                            "Threshold",
                            1_000_000,
                            "Dimensions",
                            Match.arrayWith(List.of(Map.of("Name", "VariantName", "Value", v))))));
        }
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        String body = resources(json, "AWS::CloudWatch::Dashboard")
                .get(0)
                .get("Properties")
                .get("DashboardBody")
                .toString();
        for (String title : List.of("v1 invocations", "v2 model latency", "v3 errors")) {
            assertTrue(body.contains(title), title);
        }
    }

    @Test
    void exposuresArePartitionedByExperimentAndDay() {
        template.hasResourceProperties(
                "AWS::KinesisFirehose::DeliveryStream",
                Match.objectLike(Map.of(
                        "DeliveryStreamType", "DirectPut",
                        "DeliveryStreamEncryptionConfigurationInput", Map.of("KeyType", "AWS_OWNED_CMK"),
                        "ExtendedS3DestinationConfiguration",
                                Match.objectLike(Map.of(
                                        "Prefix",
                                                "cairn/demo/_serving/churn/exposures/experiment=!{partitionKeyFromQuery:experiment}"
                                                        + "/date=!{partitionKeyFromQuery:date}/",
                                        "ErrorOutputPrefix",
                                                "cairn/demo/_serving/churn/exposures/_errors/!{firehose:error-output-type}"
                                                        + "/date=!{timestamp:yyyy-MM-dd}/",
                                        "BufferingHints", Map.of("IntervalInSeconds", 60, "SizeInMBs", 64),
                                        "DynamicPartitioningConfiguration", Match.objectLike(Map.of("Enabled", true)),
                                        "EncryptionConfiguration",
                                                Match.objectLike(Map.of("KMSEncryptionConfig", Match.anyValue())),
                                        "ProcessingConfiguration",
                                                Map.of(
                                                        "Enabled",
                                                        true,
                                                        "Processors",
                                                        List.of(
                                                                Map.of(
                                                                        "Type",
                                                                        "Decompression",
                                                                        "Parameters",
                                                                        List.of(Map.of(
                                                                                "ParameterName",
                                                                                "CompressionFormat",
                                                                                "ParameterValue",
                                                                                "GZIP"))),
                                                                Map.of(
                                                                        "Type",
                                                                        "CloudWatchLogProcessing",
                                                                        "Parameters",
                                                                        List.of(Map.of(
                                                                                "ParameterName",
                                                                                "DataMessageExtraction",
                                                                                "ParameterValue",
                                                                                "true"))),
                                                                Map.of(
                                                                        "Type",
                                                                        "MetadataExtraction",
                                                                        "Parameters",
                                                                        List.of(
                                                                                Map.of(
                                                                                        "ParameterName",
                                                                                        "MetadataExtractionQuery",
                                                                                        "ParameterValue",
                                                                                        "{experiment: .experiment, date: (.time[0:10])}"),
                                                                                Map.of(
                                                                                        "ParameterName",
                                                                                        "JsonParsingEngine",
                                                                                        "ParameterValue",
                                                                                        "JQ-1.6"))),
                                                                Map.of("Type", "AppendDelimiterToRecord"))))))));
    }

    @Test
    void theRoutersLogGroupShipsItsExposureLinesToTheStream() {
        template.resourceCountIs("AWS::Logs::SubscriptionFilter", 1);
        JsonNode filter =
                resources(json, "AWS::Logs::SubscriptionFilter").get(0).get("Properties");
        assertEquals("{ $.experiment = \"*\" }", filter.get("FilterPattern").asText());
        assertEquals(
                Map.of("Fn::GetAtt", List.of(logicalId(json, "AWS::KinesisFirehose::DeliveryStream"), "Arn")),
                JSON.convertValue(filter.get("DestinationArn"), Map.class));
        String routerLogs = JSON.convertValue(
                        resources(json, "AWS::Lambda::Function").stream()
                                .filter(f -> f.get("Properties").has("SnapStart"))
                                .findFirst()
                                .orElseThrow()
                                .get("Properties")
                                .get("LoggingConfig"),
                        Map.class)
                .toString();
        assertEquals(
                "{LogFormat=Text, LogGroup={Ref="
                        + JSON.convertValue(filter.get("LogGroupName"), Map.class)
                                .get("Ref") + "}}",
                routerLogs,
                "the router's own log group, printed as plain text lines");

        // CloudWatch Logs' role: assumed only for this account's router log group, puts only to this stream
        String role = ((List<?>)
                        JSON.convertValue(filter.get("RoleArn"), Map.class).get("Fn::GetAtt"))
                .get(0)
                .toString();
        JsonNode trust = json.get("Resources").get(role).get("Properties").get("AssumeRolePolicyDocument");
        assertEquals(
                "logs.amazonaws.com",
                trust.get("Statement").get(0).get("Principal").get("Service").asText());
        assertTrue(
                trust.toString().contains("aws:SourceArn") && trust.toString().contains("aws:SourceAccount"),
                trust.toString());
        List<String> actions = new ArrayList<>();
        for (JsonNode s : FlowStackTest.statements(json, role.substring(0, role.length() - 8))) {
            actions.addAll(actions(s));
            assertEquals(
                    Map.of("Fn::GetAtt", List.of(logicalId(json, "AWS::KinesisFirehose::DeliveryStream"), "Arn")),
                    JSON.convertValue(s.get("Resource"), Map.class));
        }
        assertEquals(List.of("firehose:PutRecord", "firehose:PutRecordBatch"), actions);
    }

    @Test
    void deliveryRoleTouchesOnlyObjectsUnderTheExposurePrefix() {
        List<JsonNode> s3 = FlowStackTest.statements(json, "ExposuresDeliveryRole").stream()
                .filter(s -> s.get("Action").toString().contains("s3:"))
                .toList();
        assertFalse(s3.isEmpty());
        for (JsonNode s : s3) {
            String resources = s.get("Resource").toString();
            boolean objects = resources.contains("/*");
            if (objects) {
                assertTrue(
                        resources.contains("/cairn/demo/_serving/churn/exposures/*"),
                        "object access outside the prefix: " + s);
            } else {
                // bucket-level: listing is limited to the prefix; location and uploads name no object
                assertTrue(
                        String.valueOf(s.get("Condition")).contains("cairn/demo/_serving/churn/exposures/*")
                                || !s.get("Action").toString().contains("s3:ListBucket\""),
                        s.toString());
            }
        }
        template.hasResourceProperties(
                "AWS::IAM::Role",
                Match.objectLike(Map.of(
                        "AssumeRolePolicyDocument",
                        Match.objectLike(Map.of(
                                "Statement",
                                List.of(Match.objectLike(Map.of(
                                        "Principal",
                                        Map.of("Service", "firehose.amazonaws.com"),
                                        "Condition",
                                        Map.of("StringEquals", Map.of("sts:ExternalId", TestApps.ACCOUNT))))))))));
    }

    @Test
    void routerInvokesOnlyItsEndpointAndNeverCallsFirehose() {
        List<JsonNode> statements = FlowStackTest.statements(json, "PredictionRouterRole");
        List<String> sagemaker = new ArrayList<>();
        List<String> firehose = new ArrayList<>();
        for (JsonNode s : statements) {
            for (String action : actions(s)) {
                if (action.startsWith("sagemaker:")) {
                    sagemaker.add(action);
                    assertEquals(
                            Map.of("Ref", logicalId(json, "AWS::SageMaker::Endpoint")),
                            JSON.convertValue(s.get("Resource"), Map.class),
                            "InvokeEndpoint on the endpoint's ARN only");
                }
                if (action.startsWith("firehose:")) {
                    firehose.add(action);
                    assertEquals(
                            Map.of(
                                    "Fn::GetAtt",
                                    List.of(logicalId(json, "AWS::KinesisFirehose::DeliveryStream"), "Arn")),
                            JSON.convertValue(s.get("Resource"), Map.class),
                            "puts to its own stream only");
                }
                assertFalse(action.equals("*") || action.endsWith(":*"), "no service-wide action: " + action);
            }
        }
        assertEquals(List.of("sagemaker:InvokeEndpoint"), sagemaker);
        assertEquals(List.of(), firehose, "exposures leave as log lines, shipped by the log group's subscription");
        assertTrue(
                statements.stream().noneMatch(s -> s.toString().contains("s3:")),
                "the router never reads the datastore");
    }

    @Test
    void routerRunsJava21WithSnapStartBehindALiveAlias() {
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Runtime",
                        "java21",
                        "Handler",
                        "dev.cairn.functions.router.RouterHandler::handleRequest",
                        "MemorySize",
                        1024,
                        "SnapStart",
                        Map.of("ApplyOn", "PublishedVersions"),
                        "TracingConfig",
                        Map.of("Mode", "Active"),
                        "Environment",
                        Map.of(
                                "Variables",
                                Map.of("CAIRN_ROUTER_CONFIG", churn.routerConfig(), "CAIRN_EXPOSURE_LOG", "stdout")))));
        template.hasResourceProperties(
                "AWS::Lambda::Alias",
                Match.objectLike(Map.of(
                        "Name",
                        "live",
                        "FunctionVersion",
                        Map.of("Fn::GetAtt", List.of(logicalId(json, "AWS::Lambda::Version"), "Version")))));
        template.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 365)));
        assertEquals(
                List.of(),
                software.amazon.awscdk.assertions.Annotations.fromStack(churn)
                        .findWarning("*", Match.anyValue())
                        .stream()
                        .map(w -> w.getEntry().getData().toString())
                        .toList());
        // API Gateway calls the alias, never $LATEST (which SnapStart does not restore)
        template.hasResourceProperties(
                "AWS::ApiGateway::Method",
                Match.objectLike(Map.of(
                        "Integration",
                        Match.objectLike(Map.of(
                                "Type",
                                "AWS_PROXY",
                                "Uri",
                                Match.objectLike(Map.of(
                                        "Fn::Join",
                                        Match.arrayWith(List.of(Match.arrayWith(
                                                List.of(Map.of("Ref", logicalId(json, "AWS::Lambda::Alias")))))))))))));
    }

    @Test
    void routerConfigFollowsTheContract() throws IOException {
        JsonNode expected = JSON.readTree("""
                {"models": {"churn": {
                  "endpoint": "cairn-demo-churn",
                  "variants": ["v1", "v2", "v3"],
                  "default": "v1",
                  "experiment": {"name": "churn-ab", "salt": "churn-ab-1", "coverage": 1.0,
                                 "variants": [{"name": "v1", "weight": 0.5}, {"name": "v2", "weight": 0.5}]},
                  "shadow": {"variant": "v3", "share": 0.1, "timeoutMs": 100}}}}""");
        assertEquals(expected, JSON.readTree(churn.routerConfig()));
    }

    @Test
    void experimentWithoutWeightsTakesTheEndpointWeightsAndKeepsThePreviousConfig() throws IOException {
        App app = TestApps.app();
        ServingStack stack = new ServingStack(
                app,
                churnProps(TestApps.platform(app))
                        .experiment(Experiment.builder("churn-ab", "churn-ab-2")
                                .coverage(0.5)
                                .previous(Experiment.builder("churn-ab", "churn-ab-1")
                                        .weight("v1", 1)
                                        .build())
                                .build())
                        .build());
        JsonNode experiment =
                JSON.readTree(stack.routerConfig()).get("models").get("churn").get("experiment");
        assertEquals(JSON.readTree("""
                {"name": "churn-ab", "salt": "churn-ab-2", "coverage": 0.5,
                 "variants": [{"name": "v1", "weight": 0.5}, {"name": "v2", "weight": 0.5}],
                 "previous": {"name": "churn-ab", "salt": "churn-ab-1", "coverage": 1.0, "variants": [{"name": "v1", "weight": 1.0}]}}"""), experiment);
    }

    @Test
    void predictRouteValidatesTheBodyAndRequiresIamAuthByDefault() {
        template.hasResourceProperties(
                "AWS::ApiGateway::Resource",
                Map.of("PathPart", "predict", "ParentId", Match.anyValue(), "RestApiId", Match.anyValue()));
        template.hasResourceProperties("AWS::ApiGateway::Resource", Match.objectLike(Map.of("PathPart", "{model}")));
        template.hasResourceProperties(
                "AWS::ApiGateway::Method",
                Match.objectLike(Map.of(
                        "HttpMethod",
                        "POST",
                        "ApiKeyRequired",
                        false,
                        "AuthorizationType",
                        "AWS_IAM",
                        "RequestValidatorId",
                        Map.of("Ref", logicalId(json, "AWS::ApiGateway::RequestValidator")),
                        "RequestModels",
                        Map.of("application/json", Map.of("Ref", logicalId(json, "AWS::ApiGateway::Model"))),
                        "RequestParameters",
                        Map.of("method.request.path.model", true, "method.request.header.X-Unit-Id", false))));
        template.hasResourceProperties(
                "AWS::ApiGateway::RequestValidator",
                Match.objectLike(Map.of("ValidateRequestBody", true, "ValidateRequestParameters", true)));
        template.hasResourceProperties(
                "AWS::ApiGateway::Model",
                Match.objectLike(Map.of(
                        "ContentType",
                        "application/json",
                        "Schema",
                        Match.objectLike(Map.of(
                                "type",
                                "object",
                                "required",
                                List.of("instances"),
                                "properties",
                                Map.of(
                                        "instances",
                                        Map.of("type", "array", "minItems", 1),
                                        "unitId",
                                        Map.of("type", "string", "minLength", 1, "maxLength", 256)))))));
        template.resourceCountIs("AWS::ApiGateway::UsagePlan", 0);
        template.resourceCountIs("AWS::ApiGateway::ApiKey", 0);
    }

    /** A regional API's default endpoint accepts TLS 1.0 unless the API has a security policy of its own. */
    @Test
    void apiAcceptsTls12AndNewerOnly() {
        template.hasResourceProperties(
                "AWS::ApiGateway::RestApi",
                Match.objectLike(Map.of(
                        "SecurityPolicy", "TLS_1_2", "EndpointConfiguration", Map.of("Types", List.of("REGIONAL")))));
    }

    @Test
    void stageTracesLogsAccessAndThrottlesEveryMethod() {
        template.hasResourceProperties(
                "AWS::ApiGateway::Stage",
                Match.objectLike(Map.of(
                        "StageName",
                        "v1",
                        "TracingEnabled",
                        true,
                        "AccessLogSetting",
                        Match.objectLike(Map.of("DestinationArn", Match.anyValue(), "Format", Match.anyValue())),
                        "MethodSettings",
                        List.of(Match.objectLike(Map.of(
                                "HttpMethod",
                                "*",
                                "ResourcePath",
                                "/*",
                                "ThrottlingRateLimit",
                                50,
                                "ThrottlingBurstLimit",
                                100,
                                "LoggingLevel",
                                "ERROR",
                                "DataTraceEnabled",
                                false,
                                "MetricsEnabled",
                                true))))));
    }

    @Test
    void servingStackLeavesTheAccountWideApiGatewayLoggingRoleAlone() {
        // one AWS::ApiGateway::Account per account and region: a deployment's stack would overwrite another team's
        // setting on every deploy, so no serving stack has one, even when the platform sets it
        List<Template> templates = new ArrayList<>(List.of(template));
        for (PredictionApi.AuthMode auth : PredictionApi.AuthMode.values()) {
            App app = TestApps.app();
            PlatformStack platform = new PlatformStack(
                    app,
                    "Cairn-Platform",
                    TestApps.platformProps().apiGatewayAccountRole(true).build());
            templates.add(Template.fromStack(
                    new ServingStack(app, churnProps(platform).auth(auth).build())));
        }
        for (Template t : templates) {
            t.resourceCountIs("AWS::ApiGateway::Account", 0);
            for (JsonNode role : resources(JSON.valueToTree(t.toJSON()), "AWS::IAM::Role")) {
                assertFalse(
                        role.get("Properties")
                                .get("AssumeRolePolicyDocument")
                                .toString()
                                .contains("apigateway.amazonaws.com"),
                        "no API Gateway CloudWatch role: " + role);
            }
            t.hasResourceProperties(
                    "AWS::ApiGateway::Stage",
                    Match.objectLike(
                            Map.of("AccessLogSetting", Match.objectLike(Map.of("DestinationArn", Match.anyValue())))));
        }
    }

    @Test
    void apiKeysAreAnOptInWithAUsagePlan() {
        App app = TestApps.app();
        Template t = Template.fromStack(new ServingStack(
                app,
                churnProps(TestApps.platform(app))
                        .auth(PredictionApi.AuthMode.API_KEY)
                        .build()));
        t.hasResourceProperties(
                "AWS::ApiGateway::Method",
                Match.objectLike(Map.of("HttpMethod", "POST", "AuthorizationType", "NONE", "ApiKeyRequired", true)));
        t.hasResourceProperties(
                "AWS::ApiGateway::UsagePlan",
                Match.objectLike(Map.of(
                        "Throttle", Map.of("RateLimit", 50, "BurstLimit", 100),
                        "Quota", Map.of("Limit", 100_000, "Period", "DAY"))));
        t.resourceCountIs("AWS::ApiGateway::ApiKey", 1);
        t.resourceCountIs("AWS::ApiGateway::UsagePlanKey", 1);
        t.hasResourceProperties("AWS::ApiGateway::RestApi", Match.objectLike(Map.of("SecurityPolicy", "TLS_1_2")));
    }

    @Test
    void modelUnderTheExpiringRunDataIsRefused() {
        // a raw modelDataKey where the datastore's lifecycle rule expires run data: a year on, no new instance starts
        assertRejected(
                b -> b.variants(List.of(ModelEndpoint.Variant.builder(
                                        "v1",
                                        "cairn/demo/prod/CountryModels/models/20261120-080000-1a2b3c/bestPerCountry/0-0/best/model.tar.gz")
                                .build()))
                        .shadow(null)
                        .experiment(null),
                "variant v1's model cairn/demo/prod/CountryModels/models/20261120-080000-1a2b3c/bestPerCountry/0-0/best/"
                        + "model.tar.gz is under cairn/, where the datastore's lifecycle rule expires run data");
    }

    @Test
    void productionWeightsMustSumToOne() {
        assertRejected(
                b -> b.variants(List.of(
                                ModelEndpoint.Variant.builder("v1", KEY_V1)
                                        .weight(0.5)
                                        .build(),
                                ModelEndpoint.Variant.builder("v2", KEY_V2)
                                        .weight(0.4)
                                        .build()))
                        .shadow(null)
                        .experiment(null),
                "weights of the production variants must sum to 1, got 0.9");
    }

    @Test
    void unknownShadowVariantIsNamed() {
        assertRejected(
                b -> b.shadow(new ServingStack.Shadow("v9", 10)),
                "unknown shadow variant v9; variants are [v1, v2, v3]");
    }

    @Test
    void shadowVariantMustTakeNoProductionTraffic() {
        assertRejected(b -> b.shadow(new ServingStack.Shadow("v2", 10)), "shadow variant v2 has weight 0.5");
    }

    @Test
    void endpointShadowNeedsASingleProductionVariant() {
        assertRejected(
                b -> b.shadow(new ServingStack.Shadow("v3", 10, ServingStack.ShadowMode.ENDPOINT)),
                "exactly one instance-based production variant");
    }

    @Test
    void variantNamesFollowSageMakersRule() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ModelEndpoint.Variant.builder("v_1", KEY_V1).build());
        assertTrue(e.getMessage().contains("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ModelEndpoint.Variant.builder("v1-", KEY_V1).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> ModelEndpoint.Variant.builder("v".repeat(64), KEY_V1).build());
        assertEquals("v-1", ModelEndpoint.Variant.builder("v-1", KEY_V1).build().name());
    }

    @Test
    void serverlessVariantCannotShareAnEndpoint() {
        assertRejected(
                b -> b.variants(List.of(
                                ModelEndpoint.Variant.builder("v1", KEY_V1)
                                        .weight(0.5)
                                        .serverless(2048, 5)
                                        .build(),
                                ModelEndpoint.Variant.builder("v2", KEY_V2)
                                        .weight(0.5)
                                        .build()))
                        .shadow(null)
                        .experiment(null),
                "a serverless variant must be the endpoint's only variant");
    }

    @Test
    void experimentMayNameOnlyProductionVariants() {
        assertRejected(
                b -> b.experiment(Experiment.builder("churn-ab", "s")
                        .weight("v1", 0.5)
                        .weight("v3", 0.5)
                        .build()),
                "experiment churn-ab names variant v3, which is not one of [v1, v2]");
        assertRejected(
                b -> b.experiment(Experiment.builder("churn-ab", "s")
                        .weight("v1", 0.5)
                        .weight("v2", 0.6)
                        .build()),
                "experiment churn-ab weights must sum to 1");
    }

    @Test
    void serverlessAndInstanceLimitsAreChecked() {
        IllegalArgumentException memory = assertThrows(
                IllegalArgumentException.class,
                () -> ModelEndpoint.Variant.builder("v1", KEY_V1)
                        .serverless(1500, 5)
                        .build());
        assertTrue(memory.getMessage().contains("1024, 2048, ... or 6144 MB"), memory.getMessage());
        IllegalArgumentException counts = assertThrows(
                IllegalArgumentException.class,
                () -> ModelEndpoint.Variant.builder("v1", KEY_V1)
                        .instances("ml.m5.large", 5)
                        .autoscaling(1, 3, 100)
                        .build());
        assertTrue(counts.getMessage().contains("1 <= min <= initial <= max"), counts.getMessage());
        IllegalArgumentException type = assertThrows(
                IllegalArgumentException.class,
                () -> ModelEndpoint.Variant.builder("v1", KEY_V1)
                        .instances("m5.large", 1)
                        .build());
        assertTrue(type.getMessage().contains("ml.m5.large"), type.getMessage());
    }

    @Test
    void missingRouterJarSaysHowToBuildIt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ServingStack.defaultRouterCode(dir.resolve("empty")));
        assertTrue(e.getMessage().contains("./mvnw -q -pl functions -am package -DskipTests"), e.getMessage());
        assertRejected(b -> b.routerCode(dir.resolve("missing.jar")), "build the functions jar");
    }

    @Test
    void routerJarIsFoundInTheFunctionsTarget() throws IOException {
        Path target = Files.createDirectories(dir.resolve("repo/functions/target"));
        Files.write(target.resolve("cairn-functions-0.1.0-SNAPSHOT.jar"), new byte[] {1});
        Path shaded = Files.write(target.resolve("cairn-functions-0.1.0-SNAPSHOT-lambda.jar"), new byte[] {1});
        assertEquals(shaded, ServingStack.defaultRouterCode(dir.resolve("repo")));
    }

    @Test
    void servingImageIsBuiltFromContainersServingWhenNoUriIsGiven() throws IOException {
        Path root = Files.createDirectories(dir.resolve("src-repo"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ServingImage.Props.fromSource(root));
        assertTrue(
                e.getMessage().contains("no containers/serving/Dockerfile")
                        && e.getMessage().contains("-c servingImage="),
                e.getMessage());
        Files.createDirectories(root.resolve("containers/serving"));
        Files.writeString(root.resolve(ServingImage.DOCKERFILE), "FROM scratch\n");
        App app = TestApps.app();
        ServingStack stack = new ServingStack(
                app,
                churnProps(TestApps.platform(app))
                        .image(ServingImage.Props.fromSource(root))
                        .build());
        JsonNode t = JSON.valueToTree(Template.fromStack(stack).toJSON());
        String image = resources(t, "AWS::SageMaker::Model")
                .get(0)
                .get("Properties")
                .get("PrimaryContainer")
                .get("Image")
                .toString();
        assertTrue(image.contains("container-assets"), "an image asset: " + image);
        assertTrue(
                FlowStackTest.statements(t, "EndpointExecutionRole").toString().contains("ecr:BatchGetImage"));
    }

    @Test
    void nonEcrImageIsRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ServingImage.Props.fromRegistry("docker.io/library/cairn-serving:1"));
        assertTrue(e.getMessage().contains("SageMaker pulls only from ECR"), e.getMessage());
    }

    @Test
    void longEndpointNamesAreShortenedWithAHash() {
        String a = ServingStack.endpointNameFor("p".repeat(70), "churn");
        String b = ServingStack.endpointNameFor("p".repeat(70), "churn2");
        assertEquals(63, a.length());
        assertTrue(a.matches(ModelEndpoint.NAME_PATTERN), a);
        assertFalse(a.equals(b));
        assertTrue(
                ServingStack.endpointNameFor("My.Project", "churn").matches("cairn-my-project-churn--[0-9a-f]{8}"),
                ServingStack.endpointNameFor("My.Project", "churn"));
        assertNotEquals(
                ServingStack.endpointNameFor("my-project", "churn"),
                ServingStack.endpointNameFor("my.project", "churn"));
    }

    @Test
    void deploymentsWhoseNamesMapAlikeShareNoPhysicalName() {
        App app = TestApps.app();
        PlatformStack platform = TestApps.platform(app);
        List<Stack> stacks = new ArrayList<>(List.of(platform));
        for (String deployment : List.of("churn.ab", "churn-ab", "churn_ab", "Churn-ab")) {
            stacks.add(new ServingStack(
                    app,
                    ServingStack.Props.builder(platform, "demo", deployment)
                            .variant(ModelEndpoint.Variant.builder("v1", KEY_V1).build())
                            .routerCode(routerJar)
                            .image(ServingImage.Props.fromRegistry(IMAGE))
                            .build()));
        }
        Map<String, List<String>> owners = PhysicalNames.of(stacks);
        assertEquals(
                4,
                owners.keySet().stream()
                        .filter(n -> n.startsWith("AWS::SageMaker::Endpoint "))
                        .count(),
                owners.toString());
        assertEquals(
                Map.of(),
                owners.entrySet().stream()
                        .filter(e -> e.getValue().size() > 1)
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "names two resources share");
    }

    @Test
    void aDeploymentOrProjectNamedLikeAReservedFolderIsRejected() {
        PlatformStack platform = TestApps.platform(TestApps.app());
        IllegalArgumentException deployment = assertThrows(
                IllegalArgumentException.class,
                () -> ServingStack.Props.builder(platform, "demo", "_shared")
                        .variant(ModelEndpoint.Variant.builder("v1", KEY_V1).build())
                        .routerCode(routerJar)
                        .image(ServingImage.Props.fromRegistry(IMAGE))
                        .build());
        assertTrue(deployment.getMessage().startsWith("deployment '_shared'"), deployment.getMessage());
        IllegalArgumentException project = assertThrows(
                IllegalArgumentException.class,
                () -> ServingStack.Props.builder(platform, "_serving", "churn")
                        .variant(ModelEndpoint.Variant.builder("v1", KEY_V1).build())
                        .routerCode(routerJar)
                        .image(ServingImage.Props.fromRegistry(IMAGE))
                        .build());
        assertTrue(project.getMessage().startsWith("project '_serving'"), project.getMessage());
    }

    @Test
    void modelExportIsParsedFromTheExportCommandsArgument() {
        assertEquals(
                KEY_V2,
                ModelExport.parse("demo", "prod", "CountryModels/20261126-061530-4f2a9c/bestPerCountry/0-0", "best")
                        .key("cairn/"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ModelExport.parse("demo", "prod", "CountryModels/run/bestPerCountry", "best"));
        assertTrue(e.getMessage().contains("FLOW/RUN/STEP/TASK"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelExport("demo", "prod", "F", "..", "s", "0", "a"));
    }

    private static void assertRejected(Consumer<ServingStack.Props.Builder> change, String message) {
        ServingStack.Props.Builder b = churnProps(TestApps.platform(TestApps.app()));
        change.accept(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    static List<String> actions(JsonNode statement) {
        JsonNode a = statement.get("Action");
        List<String> out = new ArrayList<>();
        if (a.isArray()) {
            a.forEach(x -> out.add(x.asText()));
        } else {
            out.add(a.asText());
        }
        return out;
    }

    static List<JsonNode> resources(JsonNode template, String type) {
        return template.get("Resources").properties().stream()
                .map(Map.Entry::getValue)
                .filter(r -> r.get("Type").asText().equals(type))
                .toList();
    }

    static String logicalId(JsonNode template, String type) {
        List<String> ids = template.get("Resources").properties().stream()
                .filter(e -> e.getValue().get("Type").asText().equals(type))
                .map(Map.Entry::getKey)
                .toList();
        assertEquals(1, ids.size(), type + ": " + ids);
        return ids.get(0);
    }
}
