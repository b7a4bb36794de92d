package dev.cairn.cdk;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.Transition;
import dev.cairn.flow.layout.PathName;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;

/**
 * The CDK app {@code cdk.json} runs: the platform stack and one stack per flow on the selected branch.
 * Everything comes from context ({@code cdk synth -c branch=prod -c flows=com.acme.MyFlow}):
 * <ul>
 *   <li>{@code flows}: comma-separated flow classes; default the example {@value #DEFAULT_FLOWS}</li>
 *   <li>{@code branch}: default {@code user.$USER}; {@code branches}: several, comma-separated (replaces {@code branch})</li>
 *   <li>{@code account}, {@code region}: default {@code CDK_DEFAULT_ACCOUNT}/{@code CDK_DEFAULT_REGION}, else a
 *       synth-only placeholder account and us-east-1</li>
 *   <li>{@code availabilityZones}: default {@code <region>a,<region>b} (no lookup)</li>
 *   <li>{@code vpcId}, {@code vpcAzs}, {@code vpcPrivateSubnetIds}: an existing VPC; {@code natGateways}, {@code spot}</li>
 *   <li>{@code productionBranches}: comma-separated, default {@code prod}: their flows run on the production Batch
 *       queues and read the Snowflake secret; every other branch runs on the development queues without it</li>
 *   <li>the Snowflake link, in phases (cdk/DEPLOY.md): {@code snowflake=true} adds it (role and secret);
 *       {@code snowflakeUserArn} + {@code snowflakeExternalId} from {@code DESC INTEGRATION} make the role trust
 *       Snowflake; {@code snowflakeCredentials=configured} (the link's secret is filled) or {@code snowflakeSecretArn}
 *       (an existing filled secret) give jobs the credentials and {@code snowflakeRole}, {@code snowflakeWarehouse},
 *       {@code snowflakeDatabase}, {@code snowflakeSchema}, {@code snowflakeStorageIntegration}: what steps connect with;
 *       the jobs of production branches only, and of the development branches in {@code snowflakeSecretBranches}</li>
 *   <li>{@code stepRunnerImage}, {@code stepRunnerGpuImage}: image URIs; default build from {@code containers/step-runner}</li>
 *   <li>{@code codePackage}: the project's jar; default {@code examples/target/cairn-examples-*-code-package.jar}</li>
 *   <li>{@code maxItems}: foreach bounds of this deployment, {@code [Flow.]step=N,...} (no flow: every flow with
 *       that foreach step), over the steps' {@code @Step(maxItems)}</li>
 *   <li>{@code serving}: a serving deployment file (see {@link ServingFile}); adds one serving stack per deployment</li>
 *   <li>{@code servingImage}: the model server's ECR image URI; default build from {@code containers/serving}</li>
 *   <li>{@code routerCode}: the router's jar; default {@code functions/target/cairn-functions-*-lambda.jar}</li>
 *   <li>{@code apiGatewayAccountRole}: {@code true} sets the account's API Gateway CloudWatch role in the platform
 *       stack, once per account and region; default false (see {@link PlatformStack.Props#apiGatewayAccountRole})</li>
 *   <li>{@code alarmEmail}: an address subscribed to the platform's alarm topic; default none</li>
 * </ul>
 */
public final class CairnApp {
    static final String DEFAULT_FLOWS = "dev.cairn.examples.countrymodels.CountryModels";
    /** Placeholder account for synth without credentials; deploy passes the real one. */
    static final String PLACEHOLDER_ACCOUNT = "000000000000";
    /** Context values of the Snowflake link besides {@code snowflake} and {@code snowflakeUserArn}, which enable it. */
    static final List<String> SNOWFLAKE_CONTEXT = List.of(
            "snowflakeExternalId",
            "snowflakeCredentials",
            "snowflakeSecretArn",
            "snowflakeRole",
            "snowflakeWarehouse",
            "snowflakeDatabase",
            "snowflakeSchema",
            "snowflakeStorageIntegration",
            "snowflakeSecretBranches");

    private CairnApp() {}

    public static void main(String[] args) {
        int status = synth(new App(), System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Builds and synthesizes the app; a setting the app refuses (a context value, a serving file, a flow) is one
     * line on {@code err}, naming the value and the fix, instead of a stack trace, and exit status 2.
     */
    static int synth(App app, PrintStream err) {
        try {
            build(app);
        } catch (IllegalArgumentException e) {
            err.println("cairn cdk app: " + e.getMessage());
            err.flush();
            return 2;
        }
        app.synth();
        return 0;
    }

    /** Adds the stacks the app's context selects, with the cdk-nag AwsSolutions checks. */
    public static List<FlowStack> build(App app) {
        String account = context(app, "account", env("CDK_DEFAULT_ACCOUNT", PLACEHOLDER_ACCOUNT));
        String region = context(app, "region", env("CDK_DEFAULT_REGION", "us-east-1"));
        String azKey = azContextKey(account, region);
        if (app.getNode().tryGetContext(azKey) == null) {
            app.getNode().setContext(azKey, list(context(app, "availabilityZones", region + "a," + region + "b")));
        }
        Environment env = Environment.builder().account(account).region(region).build();

        String image = context(app, "stepRunnerImage", null);
        StepRunnerImages.Props images = image != null
                ? StepRunnerImages.Props.fromRegistry(image, context(app, "stepRunnerGpuImage", image))
                : StepRunnerImages.Props.fromSource(Path.of(context(app, "root", ".")));
        Network.Props.Builder network =
                Network.Props.builder().natGateways(Integer.parseInt(context(app, "natGateways", "1")));
        String vpcId = context(app, "vpcId", null);
        if (vpcId != null) {
            network.vpcId(vpcId)
                    .availabilityZones(list(context(app, "vpcAzs", "")))
                    .privateSubnetIds(list(context(app, "vpcPrivateSubnetIds", "")));
        }
        PlatformStack.Props.Builder platformProps = PlatformStack.Props.builder(env, images)
                .network(network.build())
                .spot(Boolean.parseBoolean(context(app, "spot", "false")))
                .apiGatewayAccountRole(Boolean.parseBoolean(context(app, "apiGatewayAccountRole", "false")))
                .alarmEmail(context(app, "alarmEmail", null))
                .snowflake(snowflake(app))
                .productionBranches(
                        Set.copyOf(list(context(app, "productionBranches", PlatformStack.DEFAULT_PRODUCTION_BRANCH))))
                .snowflakeSecretBranches(Set.copyOf(list(context(app, "snowflakeSecretBranches", ""))));
        PlatformStack platform = new PlatformStack(app, "Cairn-Platform", platformProps.build());

        String branch = context(app, "branch", "user." + env("USER", System.getProperty("user.name")));
        Path code = codePackage(context(app, "codePackage", null));
        ClassLoader codeLoader = flowLoader(code);
        List<FlowStack> flows = new ArrayList<>();
        String branchesKey = context(app, "branches", null) != null ? "branches" : "branch";
        for (String b : list(context(app, "branches", branch))) {
            String problem = PathName.BRANCH.problem(b);
            if (problem != null) {
                throw new IllegalArgumentException(
                        "-c " + branchesKey + ": " + problem + " (prod, user.alice, test.x)");
            }
            for (String name : list(context(app, "flows", DEFAULT_FLOWS))) {
                Class<? extends FlowSpec> flow = flowClass(name, codeLoader);
                FlowStack.Props.Builder props = FlowStack.Props.builder(platform, flow, b, code);
                maxItems(context(app, "maxItems", ""), flow).forEach(props::maxForeachItems);
                flows.add(new FlowStack(app, props.build()));
            }
        }
        servingStacks(app, platform);
        Aspects.of(app).add(new AwsSolutionsChecks());
        return flows;
    }

    /**
     * The Snowflake link the context describes, or null: {@code snowflake=true} (or {@code snowflakeUserArn}) enables
     * it; the other snowflake* values only make sense with it, so they fail the synth without it rather than be
     * ignored.
     */
    static PlatformStack.Snowflake snowflake(App app) {
        String userArn = context(app, "snowflakeUserArn", null);
        boolean enabled = Boolean.parseBoolean(context(app, "snowflake", "false")) || userArn != null;
        List<String> given = SNOWFLAKE_CONTEXT.stream()
                .filter(k -> context(app, k, null) != null)
                .toList();
        if (!enabled) {
            if (!given.isEmpty()) {
                throw new IllegalArgumentException(
                        "context " + String.join(", ", given) + " configures a Snowflake link "
                                + "the platform does not have: add -c snowflake=true (cdk/DEPLOY.md, Snowflake link, in order)");
            }
            return null;
        }
        String secretArn = context(app, "snowflakeSecretArn", null);
        String declared = context(app, "snowflakeCredentials", null);
        if (declared != null && !declared.equals("configured")) {
            throw new IllegalArgumentException(
                    "context snowflakeCredentials is either absent (the secret still holds its "
                            + "placeholders: jobs get no Snowflake settings) or `configured`, got `" + declared + "`");
        }
        SnowflakeLink.Credentials credentials = secretArn != null
                ? SnowflakeLink.Credentials.existing(secretArn)
                : declared != null ? SnowflakeLink.Credentials.CONFIGURED : SnowflakeLink.Credentials.PENDING;
        return new PlatformStack.Snowflake(
                userArn,
                context(app, "snowflakeExternalId", null),
                new SnowflakeLink.Connection(
                        context(app, "snowflakeRole", null),
                        context(app, "snowflakeWarehouse", null),
                        context(app, "snowflakeDatabase", null),
                        context(app, "snowflakeSchema", null),
                        context(app, "snowflakeStorageIntegration", null)),
                credentials);
    }

    /** The serving stacks of the {@code serving} context's deployment file; none without it. */
    static List<ServingStack> servingStacks(App app, PlatformStack platform) {
        String file = context(app, "serving", null);
        if (file == null) {
            return List.of();
        }
        Path root = Path.of(context(app, "root", "."));
        String routerCode = context(app, "routerCode", null);
        String image = context(app, "servingImage", null);
        List<ServingStack.Props> deployments = ServingFile.read(
                Path.of(file),
                platform,
                routerCode != null ? Path.of(routerCode) : ServingStack.defaultRouterCode(root),
                image != null ? ServingImage.Props.fromRegistry(image) : ServingImage.Props.fromSource(root));
        return deployments.stream().map(p -> new ServingStack(app, p)).toList();
    }

    /** The {@code maxItems} entries ({@code [Flow.]step=N}) that apply to {@code flow}. */
    static Map<String, Integer> maxItems(String csv, Class<? extends FlowSpec> flow) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String entry : list(csv)) {
            String[] kv = entry.split("=", 2);
            if (kv.length != 2 || !kv[1].strip().matches("\\d+")) {
                throw new IllegalArgumentException(
                        "maxItems takes [Flow.]step=N entries, e.g. CountryModels.start=200, got '" + entry + "'");
            }
            String key = kv[0].strip();
            int dot = key.lastIndexOf('.');
            String step = key.substring(dot + 1);
            boolean forThisFlow =
                    dot < 0 ? isForeach(flow, step) : key.substring(0, dot).equals(flow.getSimpleName());
            if (forThisFlow) {
                out.put(step, Integer.parseInt(kv[1].strip()));
            }
        }
        return out;
    }

    private static boolean isForeach(Class<? extends FlowSpec> flow, String step) {
        FlowGraph graph = FlowGraph.of(flow);
        return graph.hasStep(step) && graph.step(step).transition() instanceof Transition.Foreach;
    }

    /** The context key under which the CDK caches a (account, region)'s availability zones. */
    public static String azContextKey(String account, String region) {
        return "availability-zones:account=" + account + ":region=" + region;
    }

    /**
     * Flows are read from the code package the stacks ship (the same classes the step runner will load), so
     * the app's own classpath holds the CDK and Cairn's constructs only.
     */
    static ClassLoader flowLoader(Path codePackage) {
        try {
            return new URLClassLoader(
                    "cairn-code-package", new URL[] {codePackage.toUri().toURL()}, CairnApp.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(
                    "code package " + codePackage + " is not a path a class loader can read", e);
        }
    }

    static Class<? extends FlowSpec> flowClass(String name, ClassLoader flows) {
        try {
            return Class.forName(name, false, flows).asSubclass(FlowSpec.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(
                    "flow class " + name + " is not in the code package: build the project (./mvnw package), check"
                            + " the context values `flows` and `codePackage`",
                    e);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException(name + " is not a flow: it does not extend FlowSpec", e);
        }
    }

    private static Path codePackage(String given) {
        if (given != null) {
            return Path.of(given);
        }
        Path target = Path.of("examples", "target");
        try (Stream<Path> jars = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            // the shaded package (flows + their libraries) when built; the plain jar otherwise
            return jars.filter(p -> p.getFileName().toString().matches("cairn-examples-.*(?<!-sources|-tests)\\.jar"))
                    .min(java.util.Comparator.comparing(
                            (Path p) -> !p.getFileName().toString().endsWith("-code-package.jar")))
                    .orElseThrow(
                            () -> new IllegalArgumentException(
                                    "no code package: build the project (./mvnw install) or pass -c codePackage=path/to/app.jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String context(App app, String key, String fallback) {
        Object v = app.getNode().tryGetContext(key);
        return v == null || v.toString().isBlank() ? fallback : v.toString();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
