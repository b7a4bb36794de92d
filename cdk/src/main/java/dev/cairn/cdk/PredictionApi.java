package dev.cairn.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CfnRestApi;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.JsonSchemaVersion;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.ModelOptions;
import software.amazon.awscdk.services.apigateway.Period;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The prediction API of a deployment: API Gateway {@code POST /models/{model}/predict} in front of the
 * router Lambda's {@code live} alias (SnapStart on published versions), which assigns each unit to a
 * variant, invokes only its endpoint and prints exposures as lines of its log, which a subscription ships to the
 * deployment's exposure stream ({@link ExposureStream#subscribeLogGroup}). Callers authenticate with IAM
 * (SigV4, the default) or, for demos, an API key (a usage plan throttles and caps them); TLS 1.2 is the least
 * the API accepts ({@link #SECURITY_POLICY}).
 *
 * <p>The stage writes access logs to the API's own log group and errors to the execution log. Both need the
 * account's API Gateway CloudWatch role, a setting of the account and region rather than of an API: this construct
 * never sets it (see {@link PlatformStack.Props#apiGatewayAccountRole} and cdk/DEPLOY.md).
 *
 * <pre>{@code
 * new PredictionApi(this, "Api", PredictionApi.Props.builder(routerJar, routerConfigJson, endpoint, exposures)
 *         .throttle(new PredictionApi.Throttle(50, 100, 100_000)).build());
 * }</pre>
 */
public final class PredictionApi extends Construct {
    /** The router's handler in the functions jar. */
    public static final String HANDLER = "dev.cairn.functions.router.RouterHandler::handleRequest";
    /** Environment variable holding the router config JSON (contracts: router config). */
    public static final String ENV_ROUTER_CONFIG = "CAIRN_ROUTER_CONFIG";
    /** Environment variable telling the router to print exposure events as lines of its log. */
    public static final String ENV_EXPOSURE_LOG = "CAIRN_EXPOSURE_LOG";

    public static final String EXPOSURE_LOG_STDOUT = "stdout";
    /** Lambda's limit on the total size of a function's environment variables. */
    public static final int MAX_ENVIRONMENT_BYTES = 4096;
    /** API Gateway's integration timeout: the Lambda never needs to run longer. */
    static final Duration TIMEOUT = Duration.seconds(29);
    /** The longest unit id the API accepts (contracts: 1..256 characters). */
    public static final int MAX_UNIT_ID_LENGTH = 256;
    /**
     * The API's own security policy: TLS 1.2 and 1.3 only. A regional API's default endpoint accepts TLS 1.0
     * otherwise; since API Gateway's REST APIs take a security policy of their own (not only a custom domain's),
     * the legacy TLS_1_2 policy needs neither a custom domain nor an endpoint access mode.
     */
    public static final String SECURITY_POLICY = "TLS_1_2";

    /** How callers authenticate. */
    public enum AuthMode {
        /**
         * An API key in the {@code x-api-key} header, with the usage plan's throttling and quota: for demos only,
         * as an API key identifies a caller but authorizes nothing (whoever holds the key calls the API).
         */
        API_KEY,
        /** The default: AWS SigV4 signed requests of principals granted execute-api:Invoke ({@link #grantInvokeApi}). */
        IAM
    }

    /**
     * Request limits: the stage's steady rate and burst for every caller together, and with API keys a
     * usage plan applying the same rate and burst per key plus a daily quota.
     */
    public record Throttle(double rateLimit, int burstLimit, int quotaPerDay) {
        /** 50 requests/s, burst 100, 100,000 requests per key and day. */
        public static final Throttle DEFAULT = new Throttle(50, 100, 100_000);

        public Throttle {
            if (!(rateLimit > 0) || burstLimit < 1 || quotaPerDay < 1) {
                throw new IllegalArgumentException("throttling needs a positive rate, burst and daily quota, got rate "
                        + rateLimit + ", burst " + burstLimit + ", quota " + quotaPerDay);
            }
        }
    }

    /**
     * @param routerCode          the functions module's shaded jar (required)
     * @param routerConfig        the router config JSON (required; contracts: router config)
     * @param endpoint            the endpoint the router invokes (required)
     * @param exposures           the stream the router's exposure lines are shipped to (required)
     * @param auth                default {@link AuthMode#IAM}
     * @param throttle            default 50 requests/s, burst 100, 100,000 requests per key and day
     * @param memoryMb            the router's memory; default 1024
     * @param reservedConcurrency default null: the account's unreserved pool
     * @param logRetention        of the router's log and the API's access log; default one year
     * @param stageName           default {@code v1}
     * @param logsKey             the KMS key of the router's and the access log groups; default null: CloudWatch
     *                            Logs' own encryption
     */
    public record Props(
            Path routerCode,
            String routerConfig,
            ModelEndpoint endpoint,
            ExposureStream exposures,
            AuthMode auth,
            Throttle throttle,
            int memoryMb,
            Integer reservedConcurrency,
            RetentionDays logRetention,
            String stageName,
            IKey logsKey) {
        public Props {
            Objects.requireNonNull(routerCode, "routerCode");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(exposures, "exposures");
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(throttle, "throttle");
            Objects.requireNonNull(logRetention, "logRetention");
            requireRouterCode(routerCode);
            if (routerConfig == null || routerConfig.isBlank()) {
                throw new IllegalArgumentException("the router needs its config JSON");
            }
            int environment = ENV_ROUTER_CONFIG.length()
                    + routerConfig.getBytes(StandardCharsets.UTF_8).length
                    + ENV_EXPOSURE_LOG.length()
                    + EXPOSURE_LOG_STDOUT.length();
            if (environment > MAX_ENVIRONMENT_BYTES) {
                throw new IllegalArgumentException(
                        "the router config is " + routerConfig.length() + " characters: with the "
                                + "router's other settings it exceeds Lambda's " + MAX_ENVIRONMENT_BYTES
                                + "-byte environment; shorten names "
                                + "or drop the previous experiment");
            }
            if (memoryMb < 128 || memoryMb > 10240) {
                throw new IllegalArgumentException(
                        "router memory must be 128..10240 MB (Lambda's range), got " + memoryMb);
            }
            if (reservedConcurrency != null && reservedConcurrency < 1) {
                throw new IllegalArgumentException(
                        "reserved concurrency must be at least 1 (or unset), got " + reservedConcurrency);
            }
            if (stageName == null || !stageName.matches("[A-Za-z0-9_]{1,128}")) {
                throw new IllegalArgumentException(
                        "stage name must be 1..128 letters, digits or '_', got " + stageName);
            }
        }

        public static Builder builder(
                Path routerCode, String routerConfig, ModelEndpoint endpoint, ExposureStream exposures) {
            return new Builder(routerCode, routerConfig, endpoint, exposures);
        }

        public static final class Builder {
            private final Path routerCode;
            private final String routerConfig;
            private final ModelEndpoint endpoint;
            private final ExposureStream exposures;
            private AuthMode auth = AuthMode.IAM;
            private Throttle throttle = Throttle.DEFAULT;
            private int memoryMb = 1024;
            private Integer reservedConcurrency;
            private RetentionDays logRetention = RetentionDays.ONE_YEAR;
            private String stageName = "v1";
            private IKey logsKey;

            private Builder(Path routerCode, String routerConfig, ModelEndpoint endpoint, ExposureStream exposures) {
                this.routerCode = routerCode;
                this.routerConfig = routerConfig;
                this.endpoint = endpoint;
                this.exposures = exposures;
            }

            public Builder auth(AuthMode v) {
                auth = v;
                return this;
            }

            public Builder throttle(Throttle v) {
                throttle = v;
                return this;
            }

            public Builder memoryMb(int v) {
                memoryMb = v;
                return this;
            }

            public Builder reservedConcurrency(Integer v) {
                reservedConcurrency = v;
                return this;
            }

            public Builder logRetention(RetentionDays v) {
                logRetention = v;
                return this;
            }

            public Builder stageName(String v) {
                stageName = v;
                return this;
            }

            public Builder logsKey(IKey v) {
                logsKey = v;
                return this;
            }

            public Props build() {
                return new Props(
                        routerCode,
                        routerConfig,
                        endpoint,
                        exposures,
                        auth,
                        throttle,
                        memoryMb,
                        reservedConcurrency,
                        logRetention,
                        stageName,
                        logsKey);
            }
        }
    }

    /** Refuses a router jar that is not there, saying how to build it. */
    static void requireRouterCode(Path routerCode) {
        if (!Files.isRegularFile(routerCode)) {
            throw new IllegalArgumentException("router code " + routerCode + " is not a file: build the functions jar "
                    + "(./mvnw -q -pl functions -am package -DskipTests)");
        }
    }

    private final Function router;
    private final Alias live;
    private final RestApi api;
    private final Method predict;
    private final IApiKey apiKey;
    private final String stageName;

    public PredictionApi(Construct scope, String id, Props props) {
        super(scope, id);
        stageName = props.stageName();
        LogGroup routerLogs = LogGroup.Builder.create(this, "RouterLogs")
                .encryptionKey(props.logsKey())
                .retention(props.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role role = Role.Builder.create(this, "RouterRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Prediction router: invokes its endpoint, writes its log group (exposures included)")
                .build();
        routerLogs.grantWrite(role); // instead of AWSLambdaBasicExecutionRole, which writes any log group
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(ENV_ROUTER_CONFIG, props.routerConfig());
        environment.put(ENV_EXPOSURE_LOG, EXPOSURE_LOG_STDOUT);
        router = Function.Builder.create(this, "Router")
                .runtime(Runtime.JAVA_21)
                .handler(HANDLER)
                .code(Code.fromAsset(props.routerCode().toAbsolutePath().toString()))
                .memorySize(props.memoryMb())
                .timeout(TIMEOUT)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(Tracing.ACTIVE)
                .role(role)
                .logGroup(routerLogs)
                // plain text: each line the router prints is one log event's message as it was printed, which the
                // exposure subscription matches as JSON and Firehose stores as it is (the JSON format would wrap it)
                .loggingFormat(LoggingFormat.TEXT)
                .environment(environment)
                .reservedConcurrentExecutions(props.reservedConcurrency())
                .description("Cairn prediction router of endpoint "
                        + props.endpoint().endpointName())
                .build();
        props.endpoint().grantInvoke(router);
        // exposures are lines of the router's log, shipped to the stream: the router itself never calls Firehose
        props.exposures().subscribeLogGroup("RouterExposures", routerLogs);
        // SnapStart restores published versions only: the API calls the alias of the current one
        live = Alias.Builder.create(this, "Live")
                .aliasName("live")
                .version(router.getCurrentVersion())
                .build();
        Annotations.of(router)
                .acknowledgeWarning(
                        "@aws-cdk/aws-lambda:snapStartRequirePublish",
                        "The live alias points at the published current version; nothing calls $LATEST");

        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .encryptionKey(props.logsKey())
                .retention(props.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Throttle throttle = props.throttle();
        api = RestApi.Builder.create(this, "Api")
                .restApiName(props.endpoint().endpointName())
                .description("Predictions of SageMaker endpoint "
                        + props.endpoint().endpointName() + " through the Cairn router")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // The CloudWatch role is an account-wide setting (one AWS::ApiGateway::Account per account and region):
                // a per-API role would overwrite another team's on every deploy. The platform stack sets it once, on
                // request (PlatformStack.Props#apiGatewayAccountRole); the stage's logging below needs it to exist.
                .cloudWatchRole(false)
                .apiKeySourceType(ApiKeySourceType.HEADER)
                .deployOptions(StageOptions.builder()
                        .stageName(stageName)
                        .tracingEnabled(true)
                        .metricsEnabled(true)
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .dataTraceEnabled(false) // request bodies carry unit ids: keep them out of the execution log
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .throttlingRateLimit(throttle.rateLimit())
                        .throttlingBurstLimit(throttle.burstLimit())
                        .build())
                .build();

        // no typed property on RestApi in this CDK version: set on the resource
        ((CfnRestApi) api.getNode().getDefaultChild()).setSecurityPolicy(SECURITY_POLICY);

        Model body = api.addModel(
                "PredictRequest",
                ModelOptions.builder()
                        .contentType("application/json")
                        .modelName("PredictRequest")
                        .schema(JsonSchema.builder()
                                .schema(JsonSchemaVersion.DRAFT4)
                                .title("PredictRequest")
                                .type(JsonSchemaType.OBJECT)
                                .required(List.of("instances"))
                                .properties(Map.of(
                                        "instances",
                                                JsonSchema.builder()
                                                        .type(JsonSchemaType.ARRAY)
                                                        .minItems(1)
                                                        .build(),
                                        "unitId",
                                                JsonSchema.builder()
                                                        .type(JsonSchemaType.STRING)
                                                        .minLength(1)
                                                        .maxLength(MAX_UNIT_ID_LENGTH)
                                                        .build()))
                                .build())
                        .build());
        RequestValidator validator = api.addRequestValidator(
                "Validator",
                RequestValidatorOptions.builder()
                        .requestValidatorName("body-and-parameters")
                        .validateRequestBody(true)
                        .validateRequestParameters(true)
                        .build());
        boolean keys = props.auth() == AuthMode.API_KEY;
        predict = api.getRoot()
                .addResource("models")
                .addResource("{model}")
                .addResource("predict")
                .addMethod(
                        "POST",
                        LambdaIntegration.Builder.create(live).proxy(true).build(),
                        MethodOptions.builder()
                                .apiKeyRequired(keys)
                                .authorizationType(keys ? AuthorizationType.NONE : AuthorizationType.IAM)
                                .requestValidator(validator)
                                .requestModels(Map.of("application/json", body))
                                .requestParameters(Map.of(
                                        "method.request.path.model", true, "method.request.header.X-Unit-Id", false))
                                .build());
        if (keys) {
            UsagePlan plan = api.addUsagePlan(
                    "UsagePlan",
                    UsagePlanProps.builder()
                            .description("Callers of " + props.endpoint().endpointName())
                            .throttle(ThrottleSettings.builder()
                                    .rateLimit(throttle.rateLimit())
                                    .burstLimit(throttle.burstLimit())
                                    .build())
                            .quota(QuotaSettings.builder()
                                    .limit(throttle.quotaPerDay())
                                    .period(Period.DAY)
                                    .build())
                            .apiStages(List.of(UsagePlanPerApiStage.builder()
                                    .api(api)
                                    .stage(api.getDeploymentStage())
                                    .build()))
                            .build());
            apiKey = api.addApiKey("ApiKey");
            plan.addApiKey(apiKey);
        } else {
            apiKey = null;
        }
        suppressNagFindings(keys, role);
    }

    private void suppressNagFindings(boolean keys, Role role) {
        List<NagPackSuppression> api = new ArrayList<>(List.of(
                NagPackSuppression.builder()
                        .id("AwsSolutions-APIG3")
                        .reason("No WAF web ACL: callers are authenticated ("
                                + (keys ? "API key" : "IAM")
                                + ") and throttled by the stage"
                                + (keys ? " and the usage plan" : "")
                                + "; attach a web ACL to the stage when the API is exposed to untrusted networks")
                        .build(),
                NagPackSuppression.builder()
                        .id("AwsSolutions-COG4")
                        .reason("Callers are services, not users: they " + "authenticate with "
                                + (keys ? "an API key" : "IAM (SigV4)") + " instead of a Cognito user pool")
                        .build()));
        if (keys) {
            api.add(NagPackSuppression.builder()
                    .id("AwsSolutions-APIG4")
                    .reason("The method requires an API key (usage "
                            + "plan with throttling and quota); choose IAM auth for SigV4 authorization")
                    .build());
        }
        NagSuppressions.addResourceSuppressions(this.api, api, true);
        NagSuppressions.addResourceSuppressions(
                role,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason(
                                "X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions; log streams "
                                        + "of the router's own log group")
                        .build()),
                true);
    }

    /** Call the API with SigV4 (for {@link AuthMode#IAM}): execute-api:Invoke on the predict method of this stage. */
    public Grant grantInvokeApi(IGrantable grantee) {
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of("execute-api:Invoke"))
                .resourceArns(List.of(api.arnForExecuteApi("POST", "/models/*/predict", stageName)))
                .build());
    }

    public Function router() {
        return router;
    }
    /** The {@code live} alias API Gateway invokes. */
    public Alias liveAlias() {
        return live;
    }

    public RestApi api() {
        return api;
    }

    public Method predictMethod() {
        return predict;
    }
    /** The API key of the usage plan, or null with IAM auth. */
    public IApiKey apiKey() {
        return apiKey;
    }
    /** The invoke URL of {@code model}'s predict route. */
    public String predictUrl(String model) {
        return api.urlForPath("/models/" + model + "/predict");
    }
}
