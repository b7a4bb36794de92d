package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.statemachines.AwsName;
import dev.cairn.testing.flows.ShippedFlowPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

class NagTest {
    @TempDir
    Path dir;

    @Test
    void everyStackOfTheCheckedAppsPassesAwsSolutionsChecks() {
        int checked = 0;
        for (Map.Entry<String, App> app : CheckedApps.get().apps().entrySet()) {
            for (Stack stack : stacks(app.getValue())) {
                assertNone(app.getKey(), stack, Annotations.fromStack(stack).findError("*", AWS_SOLUTIONS));
                checked++;
            }
        }
        assertTrue(checked >= 10, "stacks checked: " + checked);
    }

    @Test
    void anIsolatedPlatformWithASnowflakeLinkPassesAwsSolutionsChecksWithoutWarnings() {
        for (Stack stack : stacks(CheckedApps.get().apps().get("isolated"))) {
            // the endpoints' security groups: cdk-nag cannot evaluate their ingress and says so, unless suppressed
            assertNone(
                    "isolated",
                    stack,
                    Annotations.fromStack(stack)
                            .findWarning("*", Match.stringLikeRegexp(".*CdkNagValidationFailure.*")));
        }
    }

    @Test
    void servingStacksPassAwsSolutionsChecksWithoutWarnings() {
        for (Stack stack : stacks(CheckedApps.get().apps().get("serving"))) {
            assertNone("serving", stack, Annotations.fromStack(stack).findWarning("*", AWS_SOLUTIONS));
        }
    }

    private static final Object AWS_SOLUTIONS = Match.stringLikeRegexp("AwsSolutions-.*");

    private static List<Stack> stacks(App app) {
        return app.getNode().getChildren().stream()
                .filter(Stack.class::isInstance)
                .map(Stack.class::cast)
                .toList();
    }

    private static void assertNone(String app, Stack stack, List<SynthesisMessage> findings) {
        assertEquals(
                List.of(),
                findings.stream()
                        .map(e -> e.getId() + " " + e.getEntry().getData())
                        .toList(),
                app + "/" + stack.getStackName());
    }

    @Test
    void appSynthesizesServingStacksFromTheExampleFile() throws IOException {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        Path router = Files.write(dir.resolve("router.jar"), new byte[] {1});
        Path example = Path.of("serving.example.json");
        assertTrue(Files.isRegularFile(example), "cdk/serving.example.json (tests run in the cdk module)");
        App app = new App(TestApps.props()
                .context(Map.of(
                        "branch",
                        "prod",
                        "account",
                        TestApps.ACCOUNT,
                        "region",
                        TestApps.REGION,
                        "codePackage",
                        jar.toString(),
                        "stepRunnerImage",
                        "repo/cairn:1",
                        "serving",
                        example.toString(),
                        "routerCode",
                        router.toString(),
                        "servingImage",
                        ServingStackTest.IMAGE))
                .build());
        CairnApp.build(app);
        var assembly = app.synth();
        List<String> names = assembly.getStacks().stream()
                .map(s -> s.getStackName())
                .sorted()
                .toList();
        assertEquals(
                List.of(
                        "Cairn-Platform",
                        "Cairn-demo-CountryModels-prod",
                        "CairnServing-demo-countrymodels",
                        AwsName.STACK.of("CairnServing", "demo", "countrymodels-serverless")),
                names);
        for (Stack stack : app.getNode().getChildren().stream()
                .filter(c -> c instanceof ServingStack)
                .map(c -> (Stack) c)
                .toList()) {
            var errors = Annotations.fromStack(stack).findError("*", Match.anyValue());
            assertEquals(
                    List.of(),
                    errors.stream()
                            .map(e -> e.getId() + " " + e.getEntry().getData())
                            .toList(),
                    stack.getStackName());
        }
    }

    @Test
    void apiGatewayAccountRoleIsOptInAndSetOnceByThePlatformStackRetained() throws IOException {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        Path router = Files.write(dir.resolve("router.jar"), new byte[] {1});
        Map<String, Object> context = new java.util.HashMap<>(Map.of(
                "branch",
                "prod",
                "account",
                TestApps.ACCOUNT,
                "region",
                TestApps.REGION,
                "codePackage",
                jar.toString(),
                "stepRunnerImage",
                "repo/cairn:1",
                "serving",
                "serving.example.json",
                "routerCode",
                router.toString(),
                "servingImage",
                ServingStackTest.IMAGE));

        Map<String, Template> byDefault = templates(context);
        assertEquals(4, byDefault.size(), byDefault.keySet().toString());
        byDefault.forEach((name, t) ->
                assertEquals(0, t.findResources("AWS::ApiGateway::Account").size(), name));

        context.put("apiGatewayAccountRole", "true");
        Map<String, Template> optedIn = templates(context);
        Map<String, Integer> accounts = new java.util.TreeMap<>();
        optedIn.forEach((name, t) ->
                accounts.put(name, t.findResources("AWS::ApiGateway::Account").size()));
        assertEquals(
                Map.of(
                        "Cairn-Platform",
                        1,
                        "Cairn-demo-CountryModels-prod",
                        0,
                        "CairnServing-demo-countrymodels",
                        0,
                        AwsName.STACK.of("CairnServing", "demo", "countrymodels-serverless"),
                        0),
                accounts);
        Template platform = optedIn.get("Cairn-Platform");
        // deleting the platform stack must neither reset the setting nor leave it naming a deleted role
        platform.hasResource(
                "AWS::ApiGateway::Account",
                Match.objectLike(Map.of(
                        "DeletionPolicy",
                        "Retain",
                        "UpdateReplacePolicy",
                        "Retain",
                        "Properties",
                        Map.of(
                                "CloudWatchRoleArn",
                                Match.objectLike(Map.of(
                                        "Fn::GetAtt",
                                        List.of(Match.stringLikeRegexp("ApiGatewayCloudWatchRole.*"), "Arn")))))));
        platform.hasResource(
                "AWS::IAM::Role",
                Match.objectLike(Map.of(
                        "DeletionPolicy",
                        "Retain",
                        "Properties",
                        Match.objectLike(Map.of(
                                "AssumeRolePolicyDocument",
                                Match.objectLike(Map.of(
                                        "Statement",
                                        List.of(Match.objectLike(Map.of(
                                                "Principal", Map.of("Service", "apigateway.amazonaws.com")))))))))));
    }

    /** The templates of the app {@link CairnApp} builds from {@code context}, by stack name; no nag errors in any. */
    private static Map<String, Template> templates(Map<String, Object> context) {
        App app = new App(TestApps.props().context(context).build());
        CairnApp.build(app);
        Map<String, Template> templates = new java.util.TreeMap<>();
        for (Stack stack : app.getNode().getChildren().stream()
                .filter(c -> c instanceof Stack)
                .map(c -> (Stack) c)
                .toList()) {
            var errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            assertEquals(
                    List.of(),
                    errors.stream()
                            .map(e -> e.getId() + " " + e.getEntry().getData())
                            .toList(),
                    stack.getStackName());
            templates.put(stack.getStackName(), Template.fromStack(stack));
        }
        return templates;
    }

    @Test
    void appSynthesizesPlatformAndTheExampleFlowFromContext() throws IOException {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        App app = new App(TestApps.props()
                .context(Map.of(
                        "branch",
                        "test.x",
                        "account",
                        TestApps.ACCOUNT,
                        "region",
                        TestApps.REGION,
                        "codePackage",
                        jar.toString(),
                        "stepRunnerImage",
                        "repo/cairn:1"))
                .build());
        List<FlowStack> flows = CairnApp.build(app);
        assertEquals(
                List.of(FlowStack.nameFor("demo", "CountryModels", "test.x")),
                flows.stream().map(Stack::getStackName).toList());
        assertEquals(2, app.synth().getStacks().size());
    }

    @Test
    void branchesContextAddsOneStackPerFlowAndBranch() throws IOException {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        App app = new App(TestApps.props()
                .context(Map.of(
                        "branches",
                        "bench.0, bench.1",
                        "account",
                        TestApps.ACCOUNT,
                        "region",
                        TestApps.REGION,
                        "codePackage",
                        jar.toString(),
                        "stepRunnerImage",
                        "repo/cairn:1"))
                .build());
        assertEquals(
                List.of(
                        FlowStack.nameFor("demo", "CountryModels", "bench.0"),
                        FlowStack.nameFor("demo", "CountryModels", "bench.1")),
                CairnApp.build(app).stream().map(Stack::getStackName).toList());
    }

    @Test
    void unknownFlowClassSaysHowToFixIt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CairnApp.flowClass("com.acme.Missing", getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("not in the code package"), e.getMessage());
    }

    /** The app's classpath has no flow: it reads them from the code package the stacks ship. */
    @Test
    void flowsAreReadFromTheCodePackage() throws Exception {
        Path jar = ShippedFlowPackage.build(dir).jar();
        App app = new App(TestApps.props()
                .context(TestApps.appContext(jar, Map.of("flows", ShippedFlowPackage.FLOW)))
                .build());
        assertEquals(
                List.of("Cairn-shipped-ShippedFlow-prod"),
                CairnApp.build(app).stream().map(Stack::getStackName).toList());
    }
}
