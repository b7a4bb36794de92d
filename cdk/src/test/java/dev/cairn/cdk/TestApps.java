package dev.cairn.cdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;

/** Apps and platform stacks the tests synthesize, fully offline. */
final class TestApps {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    static final Environment ENV =
            Environment.builder().account(ACCOUNT).region(REGION).build();

    /**
     * Where the test apps synthesize, cleared once per test JVM: an App without an outdir makes a cdk.out* folder in
     * the system temp folder that nothing deletes, dozens per test run.
     */
    private static final Path OUTDIRS =
            cleared(Path.of("target", "cdk-test-apps").toAbsolutePath());

    private static final AtomicInteger APPS = new AtomicInteger();

    private TestApps() {}

    /** The props of every test app: its own outdir under target/. */
    static AppProps.Builder props() {
        return AppProps.builder()
                .outdir(OUTDIRS.resolve("app-" + APPS.incrementAndGet()).toString());
    }

    static App app() {
        return new App(props().context(Map.of(
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

    private static Path cleared(Path dir) {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }
}
