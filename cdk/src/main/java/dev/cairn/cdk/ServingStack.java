package dev.cairn.cdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.flow.layout.DatastoreLayout;
import dev.cairn.flow.layout.PathName;
import dev.cairn.formats.Json;
import dev.cairn.statemachines.AwsName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * One model deployment of a project: a SageMaker endpoint with its variants, the exposure stream,
 * and the prediction API whose router runs the experiment between the variants. Named
 * {@code CairnServing-<project>-<deployment>} ({@link #nameFor}); it writes only under
 * {@code <prefix>/<project>/_serving/<deployment>/} of the platform's datastore ({@link DatastoreLayout#SERVING}: in
 * no branch's folder, so no flow can write there).
 *
 * <pre>{@code
 * new ServingStack(app, ServingStack.Props.builder(platform, "demo", "churn")
 *         .variant(ModelEndpoint.Variant.builder("v1", keyOfRun1).weight(0.5).build())
 *         .variant(ModelEndpoint.Variant.builder("v2", keyOfRun2).weight(0.5).instances("ml.g5.xlarge", 1).build())
 *         .variant(ModelEndpoint.Variant.builder("v3", keyOfRun3).weight(0).build())
 *         .shadow(new ServingStack.Shadow("v3", 10))
 *         .experiment(Experiment.builder("churn-ab", "churn-ab-1").build())
 *         .routerCode(Path.of("functions/target/cairn-functions-0.1.0-lambda.jar"))
 *         .build());
 * }</pre>
 */
public final class ServingStack extends Stack {
    /** What a serving stack's name starts with: not {@link FlowStack#STACK_HEAD}, so the two never meet. */
    static final String STACK_HEAD = "CairnServing";
    /** Where {@code ./mvnw package} leaves the router's shaded jar. */
    static final Path FUNCTIONS_TARGET = Path.of("functions", "target");

    /** Who shadows: the router (any number of production variants) or SageMaker (one production variant). */
    public enum ShadowMode {
        /**
         * The shadow variant is a production variant with weight 0; the router sends a copy of
         * {@code samplingPercent}% of the requests to it and logs its answer as a shadow exposure.
         */
        ROUTER,
        /** SageMaker's ShadowProductionVariants: needs exactly one instance-based production variant. */
        ENDPOINT
    }

    /**
     * A variant receiving a copy of {@code samplingPercent}% of the requests, its answers never returned. A router
     * shadow's answer is waited for at most {@code timeoutMs} from its start, then counted as timed out; it never
     * delays the production answer.
     */
    public record Shadow(String variant, int samplingPercent, ShadowMode mode, int timeoutMs) {
        /** The router's own default limit for a shadow's answer. */
        public static final int DEFAULT_TIMEOUT_MS = 100;
        /** API Gateway's integration timeout: the router never runs longer. */
        public static final int MAX_TIMEOUT_MS = 29_000;

        public Shadow {
            Objects.requireNonNull(mode, "mode");
            if (samplingPercent < 1 || samplingPercent > 100) {
                throw new IllegalArgumentException("shadow sampling must be 1..100 percent, got " + samplingPercent);
            }
            if (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
                throw new IllegalArgumentException("a shadow's timeoutMs must be 1.." + MAX_TIMEOUT_MS
                        + " (API Gateway's limit), got " + timeoutMs);
            }
        }

        public Shadow(String variant, int samplingPercent, ShadowMode mode) {
            this(variant, samplingPercent, mode, DEFAULT_TIMEOUT_MS);
        }

        public Shadow(String variant, int samplingPercent) {
            this(variant, samplingPercent, ShadowMode.ROUTER);
        }
    }

    /**
     * @param platform          the environment's platform stack (required)
     * @param project           the project whose models are served (required)
     * @param deployment        the deployment's name, a datastore folder ({@link PathName#DEPLOYMENT}; required)
     * @param model             the model name of the API route {@code /models/{model}/predict}; default the deployment
     * @param variants          the model versions (required; weights of the non-shadow ones sum to 1; archives outside
     *                          the datastore's expiring run data, as {@link ModelExport#key} places them)
     * @param shadow            default none
     * @param experiment        default none: every request goes to the default variant
     * @param defaultVariant    for units outside the experiment; default the first non-shadow variant
     * @param routerCode        the functions module's shaded jar; default {@code functions/target/cairn-functions-*-lambda.jar}
     * @param image             the model server image; default built from {@code containers/serving}
     * @param auth              default {@link PredictionApi.AuthMode#IAM} (API keys only for demos)
     * @param throttle          default 50 requests/s, burst 100, 100,000 per key and day
     * @param datastorePrefix   default {@code "cairn"}
     * @param capturePercent    data capture share; default 100 (off for a serverless endpoint)
     * @param routerMemoryMb    default 1024
     * @param reservedConcurrency default none
     */
    public record Props(
            PlatformStack platform,
            String project,
            String deployment,
            String model,
            List<ModelEndpoint.Variant> variants,
            Shadow shadow,
            Experiment experiment,
            String defaultVariant,
            Path routerCode,
            ServingImage.Props image,
            PredictionApi.AuthMode auth,
            PredictionApi.Throttle throttle,
            String datastorePrefix,
            Integer capturePercent,
            int routerMemoryMb,
            Integer reservedConcurrency) {
        public Props {
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(routerCode, "routerCode");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(throttle, "throttle");
            PredictionApi.requireRouterCode(routerCode);
            PathName.PROJECT.require(project);
            PathName.DEPLOYMENT.require(deployment); // a folder of the datastore; the endpoint's name is derived
            if (model == null) {
                model = deployment;
            }
            if (!model.matches(Experiment.NAME_PATTERN)) {
                throw new IllegalArgumentException("model name must be 1..128 letters, digits, '.', '_' or '-' (the "
                        + "route /models/{model}/predict), got " + model);
            }
            variants = List.copyOf(variants);
            if (variants.isEmpty()) {
                throw new IllegalArgumentException("deployment " + deployment + " has no variants: add at least one");
            }
            for (ModelEndpoint.Variant v : variants) {
                if (platform.datastore().expires(v.modelDataKey())) {
                    // SageMaker downloads the archive whenever it starts an instance: scaling out, replacing a failed
                    // host, updating the endpoint. An expired archive fails all of them.
                    throw new IllegalArgumentException("deployment " + deployment + ": variant " + v.name()
                            + "'s model "
                            + v.modelDataKey() + " is under "
                            + platform.datastore().runDataPrefix() + ", where the "
                            + "datastore's lifecycle rule expires run data; export it again (cairn export-model writes "
                            + "under <datastore prefix>" + ModelExport.MODELS_SUFFIX + "/, which never expires)");
                }
            }
            List<String> names =
                    variants.stream().map(ModelEndpoint.Variant::name).toList();
            Set<String> seen = new HashSet<>();
            for (String n : names) {
                if (!seen.add(n)) {
                    throw new IllegalArgumentException(
                            "deployment " + deployment + ": variant " + n + " is declared twice");
                }
            }
            if (variants.size() > 1 && variants.stream().anyMatch(ModelEndpoint.Variant::serverless)) {
                throw new IllegalArgumentException("deployment " + deployment + ": a serverless variant must be the "
                        + "endpoint's only variant (SageMaker serverless endpoints support neither several production "
                        + "variants nor shadows); deploy it as a deployment of its own");
            }
            List<ModelEndpoint.Variant> production = variants;
            if (shadow != null) {
                String s = shadow.variant();
                if (!names.contains(s)) {
                    throw new IllegalArgumentException(
                            "deployment " + deployment + ": unknown shadow variant " + s + "; variants are " + names);
                }
                ModelEndpoint.Variant sv = variants.stream()
                        .filter(v -> v.name().equals(s))
                        .findFirst()
                        .orElseThrow();
                if (sv.weight() != 0) {
                    throw new IllegalArgumentException(
                            "deployment " + deployment + ": shadow variant " + s + " has weight " + sv.weight()
                                    + "; a shadow takes no production traffic: set its weight to 0");
                }
                production = variants.stream().filter(v -> !v.name().equals(s)).toList();
                if (production.isEmpty()) {
                    throw new IllegalArgumentException("deployment " + deployment + ": the shadow variant " + s
                            + " is the only variant; add a production variant for it to shadow");
                }
                if (shadow.mode() == ShadowMode.ENDPOINT
                        && (production.size() != 1 || production.get(0).serverless() || sv.serverless())) {
                    throw new IllegalArgumentException(
                            "deployment " + deployment + ": a SageMaker (ENDPOINT) shadow needs "
                                    + "exactly one instance-based production variant and an instance-based shadow, got production "
                                    + production.stream()
                                            .map(ModelEndpoint.Variant::name)
                                            .toList() + "; use ShadowMode.ROUTER");
                }
            }
            double sum = production.stream()
                    .mapToDouble(ModelEndpoint.Variant::weight)
                    .sum();
            if (Math.abs(sum - 1) > ModelEndpoint.WEIGHT_SUM_TOLERANCE) {
                throw new IllegalArgumentException("deployment " + deployment
                        + ": weights of the production variants must " + "sum to 1, got " + sum + " ("
                        + production.stream()
                                .map(v -> v.name() + "=" + v.weight())
                                .toList() + ")");
            }
            List<String> productionNames =
                    production.stream().map(ModelEndpoint.Variant::name).toList();
            if (defaultVariant == null) {
                defaultVariant = productionNames.get(0);
            } else if (!productionNames.contains(defaultVariant)) {
                throw new IllegalArgumentException("deployment " + deployment + ": default variant " + defaultVariant
                        + " is not a production variant " + productionNames);
            }
            if (experiment != null) {
                Map<String, Double> endpointWeights = new LinkedHashMap<>();
                production.forEach(v -> endpointWeights.put(v.name(), v.weight()));
                experiment = experiment.withDefaultWeights(endpointWeights);
                checkExperiment(deployment, experiment, productionNames);
                if (experiment.previous() != null) {
                    checkExperiment(deployment, experiment.previous(), names);
                }
            }
            if (datastorePrefix == null
                    || datastorePrefix.replaceAll("^/+|/+$", "").isEmpty()) {
                throw new IllegalArgumentException("datastorePrefix must not be empty (default cairn)");
            }
            datastorePrefix = datastorePrefix.replaceAll("^/+|/+$", "");
        }

        private static void checkExperiment(String deployment, Experiment e, List<String> allowed) {
            double sum = 0;
            Set<String> seen = new HashSet<>();
            for (Experiment.Weight w : e.weights()) {
                if (!allowed.contains(w.variant())) {
                    throw new IllegalArgumentException("deployment " + deployment + ": experiment " + e.name()
                            + " names variant " + w.variant() + ", which is not one of " + allowed);
                }
                if (!seen.add(w.variant())) {
                    throw new IllegalArgumentException("deployment " + deployment + ": experiment " + e.name()
                            + " weighs variant " + w.variant() + " twice");
                }
                if (!(w.weight() >= 0 && w.weight() <= 1)) {
                    throw new IllegalArgumentException("deployment " + deployment + ": experiment " + e.name()
                            + " weight of " + w.variant() + " must be 0..1, got " + w.weight());
                }
                sum += w.weight();
            }
            if (Math.abs(sum - 1) > ModelEndpoint.WEIGHT_SUM_TOLERANCE) {
                throw new IllegalArgumentException(
                        "deployment " + deployment + ": experiment " + e.name() + " weights must sum to 1, got " + sum);
            }
        }

        /** The production variants (all but a shadow). */
        public List<ModelEndpoint.Variant> productionVariants() {
            return shadow == null
                    ? variants
                    : variants.stream()
                            .filter(v -> !v.name().equals(shadow.variant()))
                            .toList();
        }

        /** {@code <prefix>/<project>/_serving/<deployment>}: the only prefix the deployment writes. */
        public String servingPrefix() {
            return DatastoreLayout.under(datastorePrefix, DatastoreLayout.servingPrefix(project, deployment));
        }

        public static Builder builder(PlatformStack platform, String project, String deployment) {
            return new Builder(platform, project, deployment);
        }

        public static final class Builder {
            private final PlatformStack platform;
            private final String project;
            private final String deployment;
            private String model;
            private final List<ModelEndpoint.Variant> variants = new ArrayList<>();
            private Shadow shadow;
            private Experiment experiment;
            private String defaultVariant;
            private Path routerCode;
            private ServingImage.Props image;
            private PredictionApi.AuthMode auth = PredictionApi.AuthMode.IAM;
            private PredictionApi.Throttle throttle = PredictionApi.Throttle.DEFAULT;
            private String datastorePrefix = "cairn";
            private Integer capturePercent;
            private int routerMemoryMb = 1024;
            private Integer reservedConcurrency;

            private Builder(PlatformStack platform, String project, String deployment) {
                this.platform = platform;
                this.project = project;
                this.deployment = deployment;
            }

            public Builder model(String v) {
                model = v;
                return this;
            }

            public Builder variant(ModelEndpoint.Variant v) {
                variants.add(v);
                return this;
            }

            public Builder variants(List<ModelEndpoint.Variant> v) {
                variants.clear();
                variants.addAll(v);
                return this;
            }

            public Builder shadow(Shadow v) {
                shadow = v;
                return this;
            }

            public Builder experiment(Experiment v) {
                experiment = v;
                return this;
            }

            public Builder defaultVariant(String v) {
                defaultVariant = v;
                return this;
            }

            public Builder routerCode(Path v) {
                routerCode = v;
                return this;
            }

            public Builder image(ServingImage.Props v) {
                image = v;
                return this;
            }

            public Builder auth(PredictionApi.AuthMode v) {
                auth = v;
                return this;
            }

            public Builder throttle(PredictionApi.Throttle v) {
                throttle = v;
                return this;
            }

            public Builder datastorePrefix(String v) {
                datastorePrefix = v;
                return this;
            }

            public Builder capturePercent(Integer v) {
                capturePercent = v;
                return this;
            }

            public Builder routerMemoryMb(int v) {
                routerMemoryMb = v;
                return this;
            }

            public Builder reservedConcurrency(Integer v) {
                reservedConcurrency = v;
                return this;
            }

            public Props build() {
                return new Props(
                        platform,
                        project,
                        deployment,
                        model,
                        variants,
                        shadow,
                        experiment,
                        defaultVariant,
                        routerCode != null ? routerCode : defaultRouterCode(Path.of(".")),
                        image != null ? image : ServingImage.Props.fromSource(Path.of(".")),
                        auth,
                        throttle,
                        datastorePrefix,
                        capturePercent,
                        routerMemoryMb,
                        reservedConcurrency);
            }
        }
    }

    private final ModelEndpoint endpoint;
    private final ExposureStream exposures;
    private final PredictionApi api;
    private final String routerConfig;

    public ServingStack(Construct scope, Props props) {
        super(
                scope,
                nameFor(props.project(), props.deployment()),
                StackProps.builder()
                        .env(Environment.builder()
                                .account(props.platform().getAccount())
                                .region(props.platform().getRegion())
                                .build())
                        .stackName(nameFor(props.project(), props.deployment()))
                        .description("Cairn serving " + props.project() + "/" + props.deployment()
                                + ": SageMaker endpoint, " + "prediction API and exposure log")
                        .build());
        Datastore datastore = props.platform().datastore();
        String prefix = props.servingPrefix();
        String endpointName = endpointNameFor(props.project(), props.deployment());
        ServingImage image = new ServingImage(this, "Image", props.image());

        ModelEndpoint.Props.Builder endpointProps = ModelEndpoint.Props.builder(datastore, image, endpointName)
                .capturePrefix(prefix + "/capture")
                .capturePercent(props.capturePercent());
        boolean endpointShadow = props.shadow() != null && props.shadow().mode() == ShadowMode.ENDPOINT;
        if (endpointShadow) {
            endpointProps
                    .variants(props.productionVariants())
                    .shadow(
                            props.variants().stream()
                                    .filter(v -> v.name().equals(props.shadow().variant()))
                                    .findFirst()
                                    .orElseThrow(),
                            props.shadow().samplingPercent());
        } else {
            endpointProps.variants(props.variants()); // a router shadow is a production variant of weight 0
        }
        endpoint = new ModelEndpoint(this, "Endpoint", endpointProps.build());
        endpoint.alarms().values().forEach(props.platform().monitoring()::alertOn);
        exposures = new ExposureStream(
                this,
                "Exposures",
                ExposureStream.Props.builder(datastore, prefix + "/exposures")
                        .logsKey(props.platform().monitoring().logsKey())
                        .build());
        routerConfig = routerConfig(props, endpointName);
        api = new PredictionApi(
                this,
                "Prediction",
                PredictionApi.Props.builder(props.routerCode(), routerConfig, endpoint, exposures)
                        .auth(props.auth())
                        .throttle(props.throttle())
                        .memoryMb(props.routerMemoryMb())
                        .reservedConcurrency(props.reservedConcurrency())
                        .logsKey(props.platform().monitoring().logsKey())
                        .build());

        CfnOutput.Builder.create(this, "EndpointName").value(endpointName).build();
        CfnOutput.Builder.create(this, "PredictUrl")
                .value(api.predictUrl(props.model()))
                .description("POST JSON {\"unitId\", \"instances\"} here")
                .build();
        if (api.apiKey() != null) {
            CfnOutput.Builder.create(this, "ApiKeyId")
                    .value(api.apiKey().getKeyId())
                    .description("aws apigateway get-api-key --include-value --api-key <id> shows the key")
                    .build();
        }
        CfnOutput.Builder.create(this, "ExposureStreamName")
                .value(exposures.streamName())
                .build();
        CfnOutput.Builder.create(this, "ExposurePrefix")
                .value("s3://" + datastore.bucketName() + "/" + exposures.prefix() + "/")
                .build();
        CfnOutput.Builder.create(this, "DashboardName")
                .value(endpoint.dashboard().getDashboardName())
                .build();
    }

    /** The router config (contracts: router config) of this deployment's one model. */
    static String routerConfig(Props props, String endpointName) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("endpoint", endpointName);
        boolean routerShadow = props.shadow() != null && props.shadow().mode() == ShadowMode.ROUTER;
        // variants the router may target: SageMaker-native shadows are not production variants
        model.put(
                "variants",
                (routerShadow || props.shadow() == null ? props.variants() : props.productionVariants())
                        .stream().map(ModelEndpoint.Variant::name).toList());
        model.put("default", props.defaultVariant());
        if (props.experiment() != null) {
            model.put("experiment", props.experiment().toJson());
        }
        if (routerShadow) {
            Map<String, Object> shadow = new LinkedHashMap<>();
            shadow.put("variant", props.shadow().variant());
            shadow.put("share", props.shadow().samplingPercent() / 100.0);
            shadow.put("timeoutMs", props.shadow().timeoutMs());
            model.put("shadow", shadow);
        }
        try {
            return Json.PLAIN.writeValueAsString(Map.of("models", Map.of(props.model(), model)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code CairnServing-<project>-<deployment>} by {@link AwsName#STACK}: its own head, so that no flow stack (a flow
     * named {@code serving}, say) can take a serving stack's name.
     */
    public static String nameFor(String project, String deployment) {
        return AwsName.STACK.of(STACK_HEAD, project, deployment);
    }

    /**
     * {@code cairn-<project>-<deployment>} by {@link AwsName#SAGEMAKER}: lower case (SageMaker's names ignore case), a
     * hash at the end when a name has other characters or the whole is over 63.
     */
    public static String endpointNameFor(String project, String deployment) {
        return AwsName.SAGEMAKER.of("cairn", project, deployment);
    }

    /**
     * The router's shaded jar under {@code root}: {@code functions/target/cairn-functions-*-lambda.jar}.
     */
    public static Path defaultRouterCode(Path root) {
        Path target = root.resolve(FUNCTIONS_TARGET);
        try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(p -> p.getFileName().toString().matches("cairn-functions-.*-lambda\\.jar"))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() ->
                            new IllegalArgumentException("no router code: " + target + "/cairn-functions-*-lambda.jar "
                                    + "is missing; build it with ./mvnw -q -pl functions -am package -DskipTests "
                                    + "(or pass -c routerCode=path/to/jar)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ModelEndpoint endpoint() {
        return endpoint;
    }

    public ExposureStream exposures() {
        return exposures;
    }

    public PredictionApi api() {
        return api;
    }
    /** The router config JSON in the router's environment. */
    public String routerConfig() {
        return routerConfig;
    }
}
