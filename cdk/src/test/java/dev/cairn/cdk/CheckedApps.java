package dev.cairn.cdk;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * The apps {@link NagTest} checks, plus one that builds the step-runner images from source as the default deploy
 * does, synthesized once per test JVM with cdk-nag's AwsSolutions checks (which write their reports beside the
 * templates): {@link ControlTowerGuardTest} runs cfn-guard on their templates, {@link NagSuppressionsTest} reads
 * the reports.
 */
final class CheckedApps {
    /**
     * @param apps       by label ({@code linked}, {@code isolated}, {@code source}, {@code serving}, {@code app})
     * @param templates  by {@code <app>/<stack name>}
     * @param assemblies the apps' output folders
     */
    record Synthesized(Map<String, App> apps, Map<String, Path> templates, List<Path> assemblies) {}

    private static Synthesized synthesized;

    private CheckedApps() {}

    static synchronized Synthesized get() {
        if (synthesized == null) {
            try {
                synthesized = synthesize();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return synthesized;
    }

    private static Synthesized synthesize() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "checked-apps"));
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        Path router = Files.write(dir.resolve("router.jar"), new byte[] {1});
        Map<String, App> apps = new TreeMap<>();

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
        apps.put("linked", linked);

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
        apps.put("isolated", isolated);

        // images built from source, as the default deploy does: pulling them needs ECR's GetAuthorizationToken. A
        // root of its own holding only the Dockerfiles, so that synth does not stage the repository's cli/target
        Path repository = dir.resolve("repository");
        Path dockerfiles = Files.createDirectories(repository.resolve(Path.of("containers", "step-runner")));
        Files.writeString(dockerfiles.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(dockerfiles.resolve("Dockerfile.gpu"), "FROM scratch\n");
        App source = TestApps.app();
        PlatformStack sourcePlatform = new PlatformStack(
                source,
                "Cairn-Platform",
                PlatformStack.Props.builder(TestApps.ENV, StepRunnerImages.Props.fromSource(repository))
                        .build());
        new FlowStack(
                source,
                FlowStack.Props.builder(sourcePlatform, TestFlows.Nightly.class, "prod", jar)
                        .build());
        apps.put("source", source);

        App serving = TestApps.app();
        PlatformStack servingPlatform = TestApps.platform(serving);
        new ServingStack(
                serving,
                ServingStackTest.churnProps(servingPlatform).routerCode(router).build());
        new ServingStack(
                serving,
                ServingStack.Props.builder(servingPlatform, "demo", "keyed")
                        .variant(ModelEndpoint.Variant.builder("v1", ServingStackTest.KEY_V1)
                                .build())
                        .auth(PredictionApi.AuthMode.API_KEY)
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
        apps.put("serving", serving);
        apps.values().forEach(app -> Aspects.of(app).add(new AwsSolutionsChecks()));

        // CairnApp adds the checks itself
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
        apps.put("app", fromContext);

        Map<String, Path> templates = new TreeMap<>();
        List<Path> assemblies = new ArrayList<>();
        apps.forEach((label, app) -> {
            CloudAssembly assembly = app.synth();
            assemblies.add(Path.of(assembly.getDirectory()));
            for (CloudFormationStackArtifact stack : assembly.getStacks()) {
                templates.put(label + "/" + stack.getStackName(), Path.of(stack.getTemplateFullPath()));
            }
        });
        return new Synthesized(Map.copyOf(apps), templates, assemblies);
    }
}
