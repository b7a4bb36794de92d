package dev.cairn.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;

/** Apps and platform stacks the tests synthesize, fully offline. */
final class TestApps {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    static final Environment ENV =
            Environment.builder().account(ACCOUNT).region(REGION).build();

    private TestApps() {}

    static App app() {
        return new App(AppProps.builder()
                .context(Map.of(
                        CairnApp.azContextKey(ACCOUNT, REGION), List.of(REGION + "a", REGION + "b", REGION + "c")))
                .build());
    }

    static PlatformStack.Props.Builder platformProps() {
        return PlatformStack.Props.builder(
                ENV,
                StepRunnerImages.Props.fromRegistry(
                        ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/cairn-step-runner:1",
                        ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/cairn-step-runner:1-gpu"));
    }

    static PlatformStack platform(App app) {
        return new PlatformStack(app, "Cairn-Platform", platformProps().build());
    }

    /** The context of an app synthesized as CairnApp reads it: branch prod, the test account and region, a registry image. */
    static Map<String, Object> appContext(java.nio.file.Path codePackage, Map<String, String> more) {
        Map<String, Object> context = new java.util.HashMap<>(Map.of(
                "branch",
                "prod",
                "account",
                ACCOUNT,
                "region",
                REGION,
                "codePackage",
                codePackage.toString(),
                "stepRunnerImage",
                "repo/cairn:1"));
        context.putAll(more);
        return context;
    }
}
