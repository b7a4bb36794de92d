package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * AWS Control Tower's proactive controls (cfn-guard) on the apps {@link NagTest} checks with cdk-nag: every control
 * fails only where {@link AcceptedGuardRules} says why, and every accepted control still fails somewhere.
 */
class ControlTowerGuardTest {
    @TempDir
    static Path dir;

    static List<ControlTowerGuard.Finding> findings;

    @BeforeAll
    static void synthesizeAndValidate() throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        Path router = Files.write(dir.resolve("router.jar"), new byte[] {1});
        Map<String, Path> templates = new TreeMap<>();

        App linked = TestApps.app();
        PlatformStack platform = new PlatformStack(
                linked,
                "Cairn-Platform",
                TestApps.platformProps()
                        .snowflake(new PlatformStack.Snowflake("arn:aws:iam::999999999999:user/sf", "x"))
                        .apiGatewayAccountRole(true)
                        .build());
        new FlowStack(
                linked,
                FlowStack.Props.builder(platform, TestFlows.Nightly.class, "prod", jar)
                        .build());
        templates.putAll(templates("linked", linked));

        App isolated = TestApps.app();
        PlatformStack isolatedPlatform = new PlatformStack(
                isolated,
                "Cairn-Platform",
                TestApps.platformProps()
                        .network(Network.Props.builder().natGateways(0).build())
                        .snowflake(PlatformStack.Snowflake.beforeIntegration())
                        .build());
        new FlowStack(
                isolated,
                FlowStack.Props.builder(isolatedPlatform, TestFlows.Nightly.class, "prod", jar)
                        .build());
        templates.putAll(templates("isolated", isolated));

        App serving = TestApps.app();
        PlatformStack servingPlatform = TestApps.platform(serving);
        new ServingStack(
                serving,
                ServingStackTest.churnProps(servingPlatform).routerCode(router).build());
        new ServingStack(
                serving,
                ServingStack.Props.builder(servingPlatform, "demo", "signed")
                        .variant(ModelEndpoint.Variant.builder("v1", ServingStackTest.KEY_V1)
                                .build())
                        .auth(PredictionApi.AuthMode.IAM)
                        .routerCode(router)
                        .image(ServingImage.Props.fromRegistry(ServingStackTest.IMAGE))
                        .build());
        new ServingStack(
                serving,
                ServingStack.Props.builder(servingPlatform, "demo", "lite")
                        .variant(ModelEndpoint.Variant.builder("v1", ServingStackTest.KEY_V1)
                                .serverless(2048, 5)
                                .build())
                        .routerCode(router)
                        .image(ServingImage.Props.fromRegistry(ServingStackTest.IMAGE))
                        .build());
        templates.putAll(templates("serving", serving));

        App fromContext = new App(TestApps.props()
                .context(TestApps.appContext(
                        jar,
                        Map.of(
                                "serving",
                                "serving.example.json",
                                "routerCode",
                                router.toString(),
                                "servingImage",
                                ServingStackTest.IMAGE)))
                .build());
        CairnApp.build(fromContext);
        templates.putAll(templates("app", fromContext));

        assertEquals(12, templates.size(), templates.keySet().toString());
        findings = ControlTowerGuard.validate(templates);
    }

    /** The app's templates by {@code <label>/<stack name>}. */
    private static Map<String, Path> templates(String label, App app) {
        Map<String, Path> out = new TreeMap<>();
        for (CloudFormationStackArtifact stack : app.synth().getStacks()) {
            out.put(label + "/" + stack.getStackName(), Path.of(stack.getTemplateFullPath()));
        }
        return out;
    }

    @Test
    void everyControlPassesOrIsAcceptedWithItsReason() {
        List<String> unaccepted = findings.stream()
                .filter(f -> AcceptedGuardRules.ALL.stream().noneMatch(a -> a.covers(f)))
                .map(ControlTowerGuard.Finding::toString)
                .sorted()
                .toList();
        assertEquals(List.of(), unaccepted, "fix these, or accept them with a reason in AcceptedGuardRules");
    }

    @Test
    void everyAcceptedControlStillFails() {
        List<String> stale = AcceptedGuardRules.ALL.stream()
                .filter(a -> findings.stream().noneMatch(a::covers))
                .map(a -> a.control() + " " + a.resources())
                .toList();
        assertEquals(List.of(), stale, "these no longer fail anywhere: remove them from AcceptedGuardRules");
    }

    /** The guard really runs: a template with an alarm that notifies nobody fails CT.CLOUDWATCH.PR.1 for it. */
    @Test
    void guardReportsAFailingControlWithItsResource() throws Exception {
        Path template = Files.writeString(dir.resolve("alarm.template.json"), """
                {"Resources": {"Quiet": {"Type": "AWS::CloudWatch::Alarm", "Properties": {
                  "ComparisonOperator": "GreaterThanThreshold", "EvaluationPeriods": 1, "MetricName": "Errors",
                  "Namespace": "AWS/Lambda", "Period": 300, "Statistic": "Sum", "Threshold": 1}}}}
                """);
        List<ControlTowerGuard.Finding> found = ControlTowerGuard.validate(Map.of("alarm", template));
        assertTrue(
                found.contains(new ControlTowerGuard.Finding(
                        "alarm", "CT.CLOUDWATCH.PR.1", "cloudwatch_alarm_action_check", "Quiet")),
                found.toString());
    }
}
