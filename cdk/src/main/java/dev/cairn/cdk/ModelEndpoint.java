package dev.cairn.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.applicationautoscaling.BasicTargetTrackingScalingPolicyProps;
import software.amazon.awscdk.services.applicationautoscaling.PredefinedMetric;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.ServiceNamespace;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.iam.FromRoleArnOptions;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sagemaker.CfnEndpoint;
import software.amazon.awscdk.services.sagemaker.CfnEndpointConfig;
import software.amazon.awscdk.services.sagemaker.CfnModel;
import software.constructs.Construct;

/**
 * A SageMaker endpoint serving exported model archives of the datastore: a model per variant, an
 * endpoint config with the production variants (instances or serverless) and an optional
 * SageMaker-native shadow variant, data capture into the datastore, auto scaling per instance
 * variant, an error and a latency alarm per variant and a dashboard.
 *
 * <pre>{@code
 * ModelEndpoint endpoint = new ModelEndpoint(this, "Endpoint", ModelEndpoint.Props.builder(datastore, image, "cairn-demo-churn")
 *         .variant(ModelEndpoint.Variant.builder("v1", key1).weight(0.5).instances("ml.m5.large", 1).build())
 *         .variant(ModelEndpoint.Variant.builder("v2", key2).weight(0.5).instances("ml.g5.xlarge", 1).build())
 *         .capturePrefix("cairn/demo/_serving/churn/capture").build());
 * endpoint.grantInvoke(routerFunction);
 * }</pre>
 *
 * <p>The endpoint config is immutable in CloudFormation; it has no fixed name, so a change creates a new
 * config (with a generated name) and updates the endpoint to it.
 */
public final class ModelEndpoint extends Construct {
    /** What SageMaker accepts for endpoint and variant names. */
    public static final String NAME_PATTERN = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";
    /** SageMaker's limit of production variants per endpoint config. */
    public static final int MAX_VARIANTS = 10;
    /** Serverless memory sizes SageMaker accepts: 1 GB steps. */
    public static final int MIN_SERVERLESS_MEMORY_MB = 1024;

    public static final int MAX_SERVERLESS_MEMORY_MB = 6144;
    /** SageMaker's range of a serverless variant's max concurrency. */
    public static final int MAX_SERVERLESS_CONCURRENCY = 200;
    /** Tolerance on the sum of production weights. */
    public static final double WEIGHT_SUM_TOLERANCE = 1e-6;
    /** The period of the alarms and dashboard graphs. */
    static final Duration PERIOD = Duration.minutes(5);

    /** How a variant runs: on instances, or serverless. */
    public sealed interface Capacity permits Instances, Serverless {}

    /**
     * Instances behind a variant, scaled between {@code minCount} and {@code maxCount} to keep
     * {@code invocationsPerInstance} invocations per instance and minute.
     */
    public record Instances(
            String instanceType, int initialCount, int minCount, int maxCount, double invocationsPerInstance)
            implements Capacity {
        public Instances {
            if (instanceType == null || !instanceType.matches("ml\\.[a-z0-9]+\\.[a-z0-9]+")) {
                throw new IllegalArgumentException("instance type must be a SageMaker hosting type like ml.m5.large or "
                        + "ml.g5.xlarge, got " + instanceType);
            }
            if (minCount < 1 || minCount > initialCount || initialCount > maxCount) {
                throw new IllegalArgumentException("instance counts must satisfy 1 <= min <= initial <= max, got min "
                        + minCount + ", initial " + initialCount + ", max " + maxCount);
            }
            if (!(invocationsPerInstance > 0)) {
                throw new IllegalArgumentException("the scaling target (invocations per instance and minute) must be "
                        + "positive, got " + invocationsPerInstance);
            }
        }
    }

    /** A serverless variant: memory in 1 GB steps (1024..6144 MB) and at most 1..200 concurrent invocations. */
    public record Serverless(int memoryMb, int maxConcurrency) implements Capacity {
        public Serverless {
            if (memoryMb < MIN_SERVERLESS_MEMORY_MB || memoryMb > MAX_SERVERLESS_MEMORY_MB || memoryMb % 1024 != 0) {
                throw new IllegalArgumentException("serverless memory must be 1024, 2048, ... or 6144 MB (SageMaker's "
                        + "sizes), got " + memoryMb);
            }
            if (maxConcurrency < 1 || maxConcurrency > MAX_SERVERLESS_CONCURRENCY) {
                throw new IllegalArgumentException("serverless max concurrency must be 1.." + MAX_SERVERLESS_CONCURRENCY
                        + ", got " + maxConcurrency);
            }
        }
    }

    /**
     * A model version behind the endpoint.
     *
     * @param name         the variant name SageMaker routes by ({@value #NAME_PATTERN})
     * @param modelDataKey the exported {@code model.tar.gz} in the datastore (see {@link ModelExport#key})
     * @param weight       share of the traffic sent without a target variant, 0..1
     * @param capacity     instances or serverless
     */
    public record Variant(String name, String modelDataKey, double weight, Capacity capacity) {
        public Variant {
            if (name == null || !name.matches(NAME_PATTERN)) {
                throw new IllegalArgumentException("variant name must match " + NAME_PATTERN + " (SageMaker's rule: "
                        + "letters, digits and inner '-', at most 63), got " + name);
            }
            if (modelDataKey == null
                    || modelDataKey.startsWith("s3:")
                    || modelDataKey.startsWith("/")
                    || !modelDataKey.endsWith(".tar.gz")) {
                throw new IllegalArgumentException("variant " + name + ": model data must be the datastore key of an "
                        + "exported model.tar.gz (see ./cairn export-model), got " + modelDataKey);
            }
            if (!(weight >= 0 && weight <= 1)) {
                throw new IllegalArgumentException("variant " + name + ": weight must be 0..1, got " + weight);
            }
            Objects.requireNonNull(capacity, "capacity");
        }

        public static Builder builder(String name, String modelDataKey) {
            return new Builder(name, modelDataKey);
        }

        /** Defaults: weight 1, one ml.m5.large instance scaled 1..4 at 100 invocations per instance and minute. */
        public static final class Builder {
            private final String name;
            private final String modelDataKey;
            private double weight = 1;
            private String instanceType = "ml.m5.large";
            private int initialCount = 1;
            private Integer minCount;
            private Integer maxCount;
            private double invocationsPerInstance = 100;
            private Serverless serverless;

            private Builder(String name, String modelDataKey) {
                this.name = name;
                this.modelDataKey = modelDataKey;
            }

            public Builder weight(double v) {
                weight = v;
                return this;
            }

            public Builder instances(String type, int count) {
                instanceType = type;
                initialCount = count;
                return this;
            }
            /** Auto scaling bounds and target; default min = the initial count, max = max(4, initial count), 100. */
            public Builder autoscaling(int min, int max, double invocationsPerInstancePerMinute) {
                minCount = min;
                maxCount = max;
                invocationsPerInstance = invocationsPerInstancePerMinute;
                return this;
            }

            public Builder serverless(int memoryMb, int maxConcurrency) {
                serverless = new Serverless(memoryMb, maxConcurrency);
                return this;
            }

            public Variant build() {
                Capacity capacity = serverless != null
                        ? serverless
                        : new Instances(
                                instanceType,
                                initialCount,
                                minCount != null ? minCount : initialCount,
                                maxCount != null ? maxCount : Math.max(4, initialCount),
                                invocationsPerInstance);
                return new Variant(name, modelDataKey, weight, capacity);
            }
        }

        boolean serverless() {
            return capacity instanceof Serverless;
        }
    }

    /**
     * @param datastore            where the model archives are and data capture goes (required)
     * @param image                the model server image (required)
     * @param endpointName         the endpoint's name ({@value #NAME_PATTERN}; required)
     * @param variants             production variants, 1..{@value #MAX_VARIANTS}, weights summing to 1 (required)
     * @param shadow               a SageMaker shadow variant receiving a copy of {@code shadowSamplingPercent}%
     *                             of the requests; needs exactly one instance-based production variant; default none
     * @param shadowSamplingPercent 1..100 with a shadow
     * @param capturePrefix        datastore prefix of data capture (required unless capture is off)
     * @param capturePercent       share of requests captured, 0..100 (0 = off); default 100, and off for a
     *                             serverless endpoint, which does not support capture
     * @param errorThreshold       5XX errors per 5 minutes above which a variant's alarm fires; default 5
     * @param latencyP99Threshold  model latency p99 above which a variant's alarm fires; default 1 s
     */
    public record Props(
            Datastore datastore,
            ServingImage image,
            String endpointName,
            List<Variant> variants,
            Variant shadow,
            int shadowSamplingPercent,
            String capturePrefix,
            Integer capturePercent,
            int errorThreshold,
            Duration latencyP99Threshold) {
        public Props {
            Objects.requireNonNull(datastore, "datastore");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(latencyP99Threshold, "latencyP99Threshold");
            variants = List.copyOf(variants);
            if (endpointName == null || !endpointName.matches(NAME_PATTERN)) {
                throw new IllegalArgumentException(
                        "endpoint name must match " + NAME_PATTERN + ", got " + endpointName);
            }
            if (variants.isEmpty() || variants.size() > MAX_VARIANTS) {
                throw new IllegalArgumentException("an endpoint needs 1.." + MAX_VARIANTS + " production variants "
                        + "(SageMaker's limit), got " + variants.size());
            }
            Set<String> names = new HashSet<>();
            double sum = 0;
            for (Variant v : variants) {
                if (!names.add(v.name())) {
                    throw new IllegalArgumentException(
                            "variant name " + v.name() + " is used twice: names must be unique");
                }
                sum += v.weight();
            }
            if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
                throw new IllegalArgumentException("production variant weights must sum to 1, got " + sum + " ("
                        + variants.stream()
                                .map(v -> v.name() + "=" + v.weight())
                                .toList() + ")");
            }
            boolean serverless = variants.stream().anyMatch(Variant::serverless);
            if (serverless && (variants.size() > 1 || shadow != null)) {
                throw new IllegalArgumentException(
                        "a serverless variant must be the endpoint's only variant: SageMaker "
                                + "serverless endpoints support neither several production variants nor shadow variants; "
                                + "deploy it as its own endpoint (another deployment)");
            }
            if (shadow != null) {
                if (variants.size() != 1 || shadow.serverless()) {
                    throw new IllegalArgumentException("a SageMaker shadow variant needs exactly one instance-based "
                            + "production variant (got " + variants.size() + "): shadow through the router instead");
                }
                if (names.contains(shadow.name())) {
                    throw new IllegalArgumentException(
                            "shadow variant " + shadow.name() + " is also a production variant");
                }
                if (shadowSamplingPercent < 1 || shadowSamplingPercent > 100) {
                    throw new IllegalArgumentException(
                            "shadow sampling must be 1..100 percent, got " + shadowSamplingPercent);
                }
            }
            if (capturePercent == null) {
                capturePercent = serverless ? 0 : 100;
            }
            if (capturePercent < 0 || capturePercent > 100) {
                throw new IllegalArgumentException("data capture must be 0..100 percent, got " + capturePercent);
            }
            if (serverless && capturePercent > 0) {
                throw new IllegalArgumentException(
                        "data capture is not supported on a serverless endpoint: set it to 0");
            }
            if (capturePercent > 0 && (capturePrefix == null || capturePrefix.isBlank())) {
                throw new IllegalArgumentException("data capture needs a datastore prefix (capturePrefix)");
            }
            if (errorThreshold < 0) {
                throw new IllegalArgumentException("error threshold must be >= 0, got " + errorThreshold);
            }
        }

        public static Builder builder(Datastore datastore, ServingImage image, String endpointName) {
            return new Builder(datastore, image, endpointName);
        }

        public static final class Builder {
            private final Datastore datastore;
            private final ServingImage image;
            private final String endpointName;
            private final List<Variant> variants = new ArrayList<>();
            private Variant shadow;
            private int shadowSamplingPercent;
            private String capturePrefix;
            private Integer capturePercent;
            private int errorThreshold = 5;
            private Duration latencyP99Threshold = Duration.seconds(1);

            private Builder(Datastore datastore, ServingImage image, String endpointName) {
                this.datastore = datastore;
                this.image = image;
                this.endpointName = endpointName;
            }

            public Builder variant(Variant v) {
                variants.add(v);
                return this;
            }

            public Builder variants(List<Variant> v) {
                variants.clear();
                variants.addAll(v);
                return this;
            }

            public Builder shadow(Variant v, int samplingPercent) {
                shadow = v;
                shadowSamplingPercent = samplingPercent;
                return this;
            }

            public Builder capturePrefix(String v) {
                capturePrefix = v;
                return this;
            }

            public Builder capturePercent(Integer v) {
                capturePercent = v;
                return this;
            }

            public Builder errorThreshold(int v) {
                errorThreshold = v;
                return this;
            }

            public Builder latencyP99Threshold(Duration v) {
                latencyP99Threshold = v;
                return this;
            }

            public Props build() {
                return new Props(
                        datastore,
                        image,
                        endpointName,
                        variants,
                        shadow,
                        shadowSamplingPercent,
                        capturePrefix,
                        capturePercent,
                        errorThreshold,
                        latencyP99Threshold);
            }
        }
    }

    private final String endpointName;
    private final Role executionRole;
    private final CfnEndpointConfig config;
    private final CfnEndpoint endpoint;
    private final Map<String, Alarm> alarms = new LinkedHashMap<>();
    private final Dashboard dashboard;
    private IRole scalingRole;

    public ModelEndpoint(Construct scope, String id, Props props) {
        super(scope, id);
        endpointName = props.endpointName();
        Datastore datastore = props.datastore();
        List<Variant> all = new ArrayList<>(props.variants());
        if (props.shadow() != null) {
            all.add(props.shadow());
        }

        executionRole = Role.Builder.create(this, "ExecutionRole")
                .assumedBy(new ServicePrincipal("sagemaker.amazonaws.com"))
                .description("SageMaker endpoint " + endpointName
                        + ": its model archives, its image, its logs and data capture")
                .build();
        datastore.grantReadKeys(
                executionRole, all.stream().map(Variant::modelDataKey).toList());
        props.image().grantPull(executionRole);
        Stack stack = Stack.of(this);
        String logGroup = "arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount()
                + ":log-group:/aws/sagemaker/Endpoints/" + endpointName;
        executionRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of(
                        "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"))
                .resources(List.of(logGroup, logGroup + ":log-stream:*"))
                .build());
        executionRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("cloudwatch:PutMetricData"))
                .resources(List.of("*")) // PutMetricData has no resource-level permissions; the namespace bounds it
                .conditions(Map.of("StringLike", Map.of("cloudwatch:namespace", "/aws/sagemaker/*")))
                .build());
        if (props.capturePercent() > 0) {
            datastore.grantWrite(executionRole, props.capturePrefix()); // SageMaker writes capture files as this role
        }

        Map<String, CfnModel> models = new LinkedHashMap<>();
        for (Variant v : all) {
            CfnModel model = CfnModel.Builder.create(this, "Model" + v.name())
                    .executionRoleArn(executionRole.getRoleArn())
                    // the model server makes no outbound call; SageMaker still fetches the archive from S3 with the
                    // execution role before the container starts, and writes data capture itself. Serverless
                    // inference refuses network isolation (one of its documented feature exclusions)
                    .enableNetworkIsolation(!v.serverless())
                    .primaryContainer(CfnModel.ContainerDefinitionProperty.builder()
                            .image(props.image().imageUri())
                            .modelDataUrl("s3://" + datastore.bucketName() + "/" + v.modelDataKey())
                            .build())
                    .build();
            model.getNode().addDependency(executionRole); // CreateModel checks the role, with its policy
            models.put(v.name(), model);
        }

        CfnEndpointConfig.Builder configBuilder = CfnEndpointConfig.Builder.create(this, "Config")
                .productionVariants(props.variants().stream()
                        .map(v -> productionVariant(v, models.get(v.name()), v.weight()))
                        .toList());
        if (props.shadow() != null) {
            // the shadow's weight relative to the production variant's (1) is the share of requests copied to it
            configBuilder
                    .productionVariants(List.of(productionVariant(
                            props.variants().get(0),
                            models.get(props.variants().get(0).name()),
                            1)))
                    .shadowProductionVariants(List.of(productionVariant(
                            props.shadow(), models.get(props.shadow().name()), props.shadowSamplingPercent() / 100.0)));
        }
        if (props.capturePercent() > 0) {
            CfnEndpointConfig.DataCaptureConfigProperty.Builder capture =
                    CfnEndpointConfig.DataCaptureConfigProperty.builder()
                            .enableCapture(true)
                            .initialSamplingPercentage(props.capturePercent())
                            .destinationS3Uri("s3://" + datastore.bucketName() + "/"
                                    + props.capturePrefix().replaceAll("^/+|/+$", ""))
                            .captureOptions(List.of(
                                    CfnEndpointConfig.CaptureOptionProperty.builder()
                                            .captureMode("Input")
                                            .build(),
                                    CfnEndpointConfig.CaptureOptionProperty.builder()
                                            .captureMode("Output")
                                            .build()))
                            .captureContentTypeHeader(CfnEndpointConfig.CaptureContentTypeHeaderProperty.builder()
                                    .jsonContentTypes(List.of("application/json"))
                                    .csvContentTypes(List.of("text/csv"))
                                    .build());
            if (datastore.key() != null) {
                capture.kmsKeyId(datastore.key().getKeyArn());
            }
            configBuilder.dataCaptureConfig(capture.build());
        }
        // no name: a changed config is a new resource, and the endpoint moves to it
        config = configBuilder.build();
        endpoint = CfnEndpoint.Builder.create(this, "Endpoint")
                .endpointName(endpointName)
                .endpointConfigName(config.getAttrEndpointConfigName())
                .build();
        endpoint.getNode().addDependency(executionRole);

        for (Variant v : props.variants()) {
            if (v.capacity() instanceof Instances instances) {
                autoscale(v.name(), instances);
            }
        }
        dashboard = Dashboard.Builder.create(this, "Dashboard").build();
        for (Variant v : all) {
            alarms(v.name(), props.errorThreshold(), props.latencyP99Threshold());
            dashboard.addWidgets(
                    graph(v.name() + " invocations", List.of(metric(v.name(), "Invocations", "Sum"))),
                    graph(
                            v.name() + " model latency (microseconds)",
                            List.of(metric(v.name(), "ModelLatency", "p50"), metric(v.name(), "ModelLatency", "p99"))),
                    graph(
                            v.name() + " errors",
                            List.of(
                                    metric(v.name(), "Invocation4XXErrors", "Sum"),
                                    metric(v.name(), "Invocation5XXErrors", "Sum"))));
        }
        NagSuppressions.addResourceSuppressions(
                executionRole,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason(
                                "ECR's GetAuthorizationToken and CloudWatch's PutMetricData (bounded to the /aws/sagemaker/ "
                                        + "namespaces) have no resource-level permissions; log streams of this endpoint's log group; "
                                        + "data capture objects under the capture prefix; KMS data-key actions on the datastore key only")
                        .build()),
                true);
    }

    private static CfnEndpointConfig.ProductionVariantProperty productionVariant(
            Variant v, CfnModel model, double weight) {
        CfnEndpointConfig.ProductionVariantProperty.Builder b = CfnEndpointConfig.ProductionVariantProperty.builder()
                .variantName(v.name())
                .modelName(model.getAttrModelName())
                .initialVariantWeight(weight);
        switch (v.capacity()) {
            case Instances i -> b.instanceType(i.instanceType()).initialInstanceCount(i.initialCount());
            case Serverless s ->
                b.serverlessConfig(CfnEndpointConfig.ServerlessConfigProperty.builder()
                        .memorySizeInMb(s.memoryMb())
                        .maxConcurrency(s.maxConcurrency())
                        .build());
        }
        return b.build();
    }

    private void autoscale(String variant, Instances instances) {
        if (scalingRole == null) {
            // without a role the construct makes an empty one; SageMaker scaling runs as its service-linked role,
            // which Application Auto Scaling creates when the first target is registered
            Stack stack = Stack.of(this);
            scalingRole = Role.fromRoleArn(
                    this,
                    "ScalingRole",
                    "arn:" + stack.getPartition() + ":iam::" + stack.getAccount()
                            + ":role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/"
                            + "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint",
                    FromRoleArnOptions.builder().mutable(false).build());
        }
        ScalableTarget target = ScalableTarget.Builder.create(this, "Scaling" + variant)
                .role(scalingRole)
                .serviceNamespace(ServiceNamespace.SAGEMAKER)
                .resourceId("endpoint/" + endpointName + "/variant/" + variant)
                .scalableDimension("sagemaker:variant:DesiredInstanceCount")
                .minCapacity(instances.minCount())
                .maxCapacity(instances.maxCount())
                .build();
        target.getNode().addDependency(endpoint); // the variant must exist before it is registered
        target.scaleToTrackMetric(
                "InvocationsPerInstance",
                BasicTargetTrackingScalingPolicyProps.builder()
                        .predefinedMetric(PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE)
                        .targetValue(instances.invocationsPerInstance())
                        .scaleOutCooldown(Duration.minutes(1))
                        .scaleInCooldown(Duration.minutes(5))
                        .build());
    }

    private void alarms(String variant, int errorThreshold, Duration latencyP99) {
        alarms.put(
                variant + "-errors",
                Alarm.Builder.create(this, "Errors" + variant)
                        .metric(metric(variant, "Invocation5XXErrors", "Sum"))
                        .threshold(errorThreshold)
                        .evaluationPeriods(1)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .alarmDescription(endpointName + "/" + variant + ": more than " + errorThreshold
                                + " 5XX errors in 5 minutes")
                        .build());
        alarms.put(
                variant + "-latency",
                Alarm.Builder.create(this, "Latency" + variant)
                        .metric(metric(variant, "ModelLatency", "p99"))
                        .threshold(latencyP99.toMilliseconds().doubleValue() * 1000) // ModelLatency is in microseconds
                        .evaluationPeriods(3)
                        .datapointsToAlarm(2)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .alarmDescription(endpointName + "/" + variant + ": model latency p99 above "
                                + latencyP99.toMilliseconds().longValue() + " ms")
                        .build());
    }

    private Metric metric(String variant, String name, String statistic) {
        return Metric.Builder.create()
                .namespace("AWS/SageMaker")
                .metricName(name)
                .dimensionsMap(Map.of("EndpointName", endpointName, "VariantName", variant))
                .statistic(statistic)
                .period(PERIOD)
                .build();
    }

    private static GraphWidget graph(String title, List<Metric> metrics) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(new ArrayList<>(metrics))
                .width(8)
                .build();
    }

    /** Invoke this endpoint (any of its variants): sagemaker:InvokeEndpoint on its ARN, nothing else. */
    public Grant grantInvoke(IGrantable grantee) {
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of("sagemaker:InvokeEndpoint"))
                .resourceArns(List.of(endpointArn()))
                .build());
    }

    public String endpointName() {
        return endpointName;
    }
    /** The endpoint's ARN (what its {@code Ref} resolves to). */
    public String endpointArn() {
        return endpoint.getRef();
    }

    public CfnEndpoint endpoint() {
        return endpoint;
    }

    public CfnEndpointConfig endpointConfig() {
        return config;
    }

    public IRole executionRole() {
        return executionRole;
    }
    /** The alarms by {@code <variant>-errors} and {@code <variant>-latency}. */
    public Map<String, Alarm> alarms() {
        return Map.copyOf(alarms);
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
