package dev.cairn.cdk;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.flow.internal.graph.StepSettings.Resources;
import dev.cairn.flow.internal.graph.Transition;
import dev.cairn.flow.layout.DatastoreLayout;
import dev.cairn.statemachines.DeploymentSettings;
import dev.cairn.statemachines.StateMachineCompiler;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awscdk.AssetHashType;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.batch.Action;
import software.amazon.awscdk.services.batch.CfnJobDefinition;
import software.amazon.awscdk.services.batch.CustomReason;
import software.amazon.awscdk.services.batch.EcsEc2ContainerDefinition;
import software.amazon.awscdk.services.batch.EcsJobDefinition;
import software.amazon.awscdk.services.batch.IJobQueue;
import software.amazon.awscdk.services.batch.Reason;
import software.amazon.awscdk.services.batch.RetryStrategy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.stepfunctions.CfnStateMachine;
import software.amazon.awscdk.services.stepfunctions.CfnStateMachineAlias;
import software.amazon.awscdk.services.stepfunctions.CfnStateMachineVersion;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * One flow on one branch, isolated: its state machine (a version per deployment, a {@code live}
 * alias), its Batch job definitions, a job role scoped to {@code <prefix>/<project>/<branch>/<Flow>/},
 * its code package, schedule and alarm. Named {@code Cairn-<project>-<Flow>-<branch>}.
 *
 * <pre>{@code
 * new FlowStack(app, FlowStack.Props.builder(platform, CountryModels.class, "prod", Path.of("target/app.jar")).build());
 * }</pre>
 */
public final class FlowStack extends Stack {
    /** CloudFormation's stack name limit. */
    public static final int MAX_STACK_NAME_LENGTH = 128;
    /** Hex digits of the hash that keeps a shortened stack name unique. */
    static final int NAME_HASH_LENGTH = 8;
    /** The rule Step Functions creates to learn when a .sync Batch job ends. */
    static final String BATCH_SYNC_RULE = "StepFunctionsGetEventsForBatchJobsRule";
    /** The IAM condition key naming the alias or version a Step Functions request is for. */
    static final String STATE_MACHINE_QUALIFIER = "states:StateMachineQualifier";
    /**
     * Batch retries a job only for host and image-pull failures; any other failure exits: the step runner
     * has already recorded it (and failed the run on the step's last attempt). Without the final EXIT, Batch
     * retries every failure that no condition matches.
     */
    static final List<RetryStrategy> RETRY_ONLY_INFRASTRUCTURE = List.of(
            RetryStrategy.of(Action.RETRY, Reason.SPOT_INSTANCE_RECLAIMED),
            RetryStrategy.of(Action.RETRY, Reason.CANNOT_PULL_CONTAINER),
            RetryStrategy.of(
                    Action.EXIT,
                    Reason.custom(CustomReason.builder().onReason("*").build())));

    /**
     * @param platform         the environment's platform stack (required)
     * @param flowClass        the flow (required)
     * @param branch           prod, user.alice, test.feature-x (required)
     * @param codePackage      the project's built jar, shipped as a content-hashed S3 asset (required)
     * @param datastorePrefix  key prefix of every flow in the datastore; default {@code "cairn"}
     * @param sharedInputsPrefix prefix the job role may read; default {@code "cairn/shared"}
     * @param jobAttempts      Batch attempts for infrastructure failures (Spot reclaim, host errors) when a
     *                         step sets no {@code @Retry}; default 3 (Batch allows 1..10)
     * @param maxForeachItems  this deployment's bound on the items of a foreach step, over its
     *                         {@code @Step(maxItems)}; default none
     */
    public record Props(
            PlatformStack platform,
            Class<? extends FlowSpec> flowClass,
            String branch,
            Path codePackage,
            String datastorePrefix,
            String sharedInputsPrefix,
            int jobAttempts,
            Map<String, Integer> maxForeachItems) {
        /** Batch's retry attempt range. */
        public static final int MAX_JOB_ATTEMPTS = 10;

        public Props {
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(flowClass, "flowClass");
            Objects.requireNonNull(codePackage, "codePackage");
            if (branch == null || !branch.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException(
                        "branch must be letters, digits, '.', '_' or '-' (prod, user.alice), got " + branch);
            }
            if (!Files.isRegularFile(codePackage)) {
                throw new IllegalArgumentException(
                        "code package " + codePackage + " is not a file: build the project's jar first");
            }
            if (jobAttempts < 1 || jobAttempts > MAX_JOB_ATTEMPTS) {
                throw new IllegalArgumentException(
                        "jobAttempts must be 1.." + MAX_JOB_ATTEMPTS + " (Batch's limit), got " + jobAttempts);
            }
            maxForeachItems = Map.copyOf(maxForeachItems);
            FlowGraph graph = FlowGraph.of(flowClass);
            maxForeachItems.forEach((step, items) -> {
                if (!graph.hasStep(step) || !(graph.step(step).transition() instanceof Transition.Foreach)) {
                    throw new IllegalArgumentException(
                            "maxForeachItems names `" + step + "`, which is not a foreach step of "
                                    + graph.name() + "; its foreach steps: "
                                    + graph.steps().stream()
                                            .filter(n -> n.transition() instanceof Transition.Foreach)
                                            .map(StepNode::name)
                                            .toList());
                }
                if (items < 1) {
                    throw new IllegalArgumentException(
                            "maxForeachItems of `" + step + "` must be at least 1, got " + items);
                }
            });
        }

        public static Builder builder(
                PlatformStack platform, Class<? extends FlowSpec> flowClass, String branch, Path codePackage) {
            return new Builder(platform, flowClass, branch, codePackage);
        }

        public static final class Builder {
            private final PlatformStack platform;
            private final Class<? extends FlowSpec> flowClass;
            private final String branch;
            private final Path codePackage;
            private String datastorePrefix = "cairn";
            private String sharedInputsPrefix = "cairn/shared";
            private int jobAttempts = 3;
            private final Map<String, Integer> maxForeachItems = new LinkedHashMap<>();

            private Builder(
                    PlatformStack platform, Class<? extends FlowSpec> flowClass, String branch, Path codePackage) {
                this.platform = platform;
                this.flowClass = flowClass;
                this.branch = branch;
                this.codePackage = codePackage;
            }

            public Builder datastorePrefix(String v) {
                datastorePrefix = v;
                return this;
            }

            public Builder sharedInputsPrefix(String v) {
                sharedInputsPrefix = v;
                return this;
            }

            public Builder jobAttempts(int v) {
                jobAttempts = v;
                return this;
            }

            public Builder maxForeachItems(String foreachStep, int items) {
                maxForeachItems.put(foreachStep, items);
                return this;
            }

            public Props build() {
                return new Props(
                        platform,
                        flowClass,
                        branch,
                        codePackage,
                        datastorePrefix,
                        sharedInputsPrefix,
                        jobAttempts,
                        maxForeachItems);
            }
        }
    }

    private final StateMachine stateMachine;
    private final Role jobRole;
    private final String flowPrefix;
    private final String codeSha256;
    private final CfnStateMachineAlias alias;

    public FlowStack(Construct scope, Props props) {
        this(scope, FlowGraph.of(props.flowClass()), props);
    }

    private FlowStack(Construct scope, FlowGraph graph, Props props) {
        super(
                scope,
                nameFor(graph.project(), graph.name(), props.branch()),
                StackProps.builder()
                        .env(software.amazon.awscdk.Environment.builder()
                                .account(props.platform().getAccount())
                                .region(props.platform().getRegion())
                                .build())
                        .stackName(nameFor(graph.project(), graph.name(), props.branch()))
                        .description(
                                "Cairn flow " + graph.project() + "/" + graph.name() + " on branch " + props.branch())
                        .build());
        PlatformStack platform = props.platform();
        Datastore datastore = platform.datastore();
        flowPrefix = DatastoreLayout.under(
                props.datastorePrefix(),
                new DatastoreLayout(graph.project(), props.branch(), graph.name()).flowPrefix());

        codeSha256 = sha256(props.codePackage());
        Asset code = Asset.Builder.create(this, "CodePackage")
                .path(props.codePackage().toAbsolutePath().toString())
                .assetHashType(AssetHashType.CUSTOM)
                .assetHash(codeSha256)
                .build();

        jobRole = Role.Builder.create(this, "JobRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("Steps of " + graph.name() + " on " + props.branch() + ": its own datastore prefix only")
                .build();
        datastore.grantFlowReadWrite(jobRole, flowPrefix);
        datastore.grantRead(jobRole, props.sharedInputsPrefix());
        jobRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject")) // this package only
                .resources(List.of(code.getBucket().arnForObjects(code.getS3ObjectKey())))
                .build());

        DeploymentSettings.Builder settings = DeploymentSettings.builder(datastore.bucketName())
                .datastorePrefix(props.datastorePrefix())
                .branch(props.branch())
                .cpuJobQueueArn(platform.queues().cpuQueue().getJobQueueArn())
                .gpuJobQueueArn(platform.queues().gpuQueue().getJobQueueArn());
        props.maxForeachItems().forEach(settings::maxForeachItems);
        Resources planResources = settings.build().planResources();

        // one job definition per resource profile, and the queues each one is submitted to
        Map<Resources, Set<IJobQueue>> profiles = new LinkedHashMap<>();
        profiles.computeIfAbsent(profile(planResources), r -> new LinkedHashSet<>())
                .add(platform.queues().cpuQueue());
        for (StepNode step : graph.steps()) {
            Resources r = step.settings().resources();
            profiles.computeIfAbsent(profile(r), k -> new LinkedHashSet<>())
                    .add(
                            r.gpu() > 0
                                    ? platform.queues().gpuQueue()
                                    : platform.queues().cpuQueue());
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CAIRN_CODE_PACKAGE", code.getS3ObjectUrl());
        environment.put("CAIRN_CODE_SHA256", codeSha256);
        // ECS on EC2 sets no region variable for the container (agents before 2026), and the SDK would otherwise
        // look for one in a profile or instance metadata
        environment.put("AWS_REGION", getRegion());
        if (platform.snowflake() != null) {
            environment.putAll(platform.snowflake().jobEnvironment());
        }
        Map<Resources, EcsJobDefinition> jobDefinitions = new LinkedHashMap<>();
        profiles.keySet()
                .forEach(r -> jobDefinitions.put(r, jobDefinition(r, platform, environment, props.jobAttempts())));
        settings.jobDefinitions(r -> jobDefinitions.get(profile(r)).getJobDefinitionArn());
        DeploymentSettings deployment = settings.build();

        LogGroup logs = LogGroup.Builder.create(this, "ExecutionLogs")
                .logGroupName(
                        "/aws/vendedlogs/states/" + getStackName()) // the prefix keeps Logs' resource policy small
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineName(deployment.stateMachineName(graph))
                .definitionBody(DefinitionBody.fromString(StateMachineCompiler.compile(graph, deployment)))
                .logs(LogOptions.builder()
                        .destination(logs)
                        .level(LogLevel.ALL)
                        .includeExecutionData(true)
                        .build())
                .tracingEnabled(true)
                .build();
        profiles.forEach(
                (r, queues) -> queues.forEach(q -> jobDefinitions.get(r).grantSubmitJob(stateMachine, q)));
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create() // no resource-level permissions for these
                .actions(List.of("batch:DescribeJobs", "batch:TerminateJob"))
                .resources(List.of("*"))
                .build());
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"))
                .resources(List.of(formatArn(software.amazon.awscdk.ArnComponents.builder()
                        .service("events")
                        .resource("rule")
                        .resourceName(BATCH_SYNC_RULE)
                        .build())))
                .build());
        datastore.grantRead(
                stateMachine,
                deployment.keyInBucket(deployment.layout(graph).runsPrefix() + "*/" + DatastoreLayout.PLANS));

        // a version per deployment (earlier ones are retained and stay runnable) and the live alias
        CfnStateMachineVersion version = CfnStateMachineVersion.Builder.create(this, "Version")
                .stateMachineArn(stateMachine.getStateMachineArn())
                .stateMachineRevisionId(
                        ((CfnStateMachine) stateMachine.getNode().getDefaultChild()).getAttrStateMachineRevisionId())
                .description("code package sha256 " + codeSha256)
                .build();
        version.applyRemovalPolicy(RemovalPolicy.RETAIN);
        alias = CfnStateMachineAlias.Builder.create(this, "Live")
                .name("live")
                .routingConfiguration(List.of(CfnStateMachineAlias.RoutingConfigurationVersionProperty.builder()
                        .stateMachineVersionArn(version.getRef())
                        .weight(100)
                        .build()))
                .build();

        graph.schedule().ifPresent(cron -> schedule(cron));
        graph.startAfter()
                .forEach(upstream ->
                        startAfter(upstream, deployment.stateMachineName(deployment.projectFor(graph), upstream)));
        Alarm.Builder.create(this, "ExecutionsFailed")
                .metric(stateMachine.metricFailed())
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(graph.name() + " on " + props.branch() + ": an execution failed")
                .build();

        CfnOutput.Builder.create(this, "StateMachineArn")
                .value(stateMachine.getStateMachineArn())
                .build();
        CfnOutput.Builder.create(this, "LiveAliasArn").value(alias.getRef()).build();
        CfnOutput.Builder.create(this, "ConsoleLink")
                .value("https://" + getRegion() + ".console.aws.amazon.com/states/home?region=" + getRegion()
                        + "#/statemachines/view/" + stateMachine.getStateMachineArn())
                .build();
        CfnOutput.Builder.create(this, "CodePackageSha256").value(codeSha256).build();
        suppressNagFindings();
    }

    private EcsJobDefinition jobDefinition(
            Resources r, PlatformStack platform, Map<String, String> environment, int attempts) {
        String id = "Job" + r.cpu() + "cpu" + r.memoryMb() + "mb" + r.gpu() + "gpu";
        EcsEc2ContainerDefinition.Builder container = EcsEc2ContainerDefinition.Builder.create(this, id + "Container")
                .image(r.gpu() > 0 ? platform.images().gpu() : platform.images().cpu())
                .cpu(r.cpu())
                .memory(Size.mebibytes(r.memoryMb()))
                .jobRole(jobRole)
                .environment(environment);
        if (platform.snowflake() != null) {
            container.secrets(platform.snowflake().jobSecrets());
        }
        if (r.gpu() > 0) {
            container.gpu(r.gpu());
        }
        EcsJobDefinition job = EcsJobDefinition.Builder.create(this, id)
                .container(container.build())
                .retryAttempts(attempts)
                .retryStrategies(RETRY_ONLY_INFRASTRUCTURE)
                .timeout(Duration.days(1))
                .propagateTags(true)
                .build();
        job.applyRemovalPolicy(RemovalPolicy.RETAIN);
        // a changed job definition is replaced by a new revision; CloudFormation deregisters the old one on update
        // unless told not to, and earlier state machine versions (runs in flight, retained versions) submit to it
        // (CloudFormation's ResourceRetentionPolicy, which this CDK version has no typed property for)
        ((CfnJobDefinition) job.getNode().getDefaultChild())
                .addPropertyOverride("ResourceRetentionPolicy.SkipDeregisterOnUpdate", true);
        return job;
    }

    private void schedule(String cron) {
        Role role = Role.Builder.create(this, "SchedulerRole")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com"))
                .build();
        grantStartLive(role);
        CfnSchedule.Builder.create(this, "Schedule")
                .scheduleExpression("cron(" + cron + ")")
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder()
                        .mode("OFF")
                        .build())
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(alias.getRef())
                        .roleArn(role.getRoleArn())
                        .input("{\"parameters\": {}}")
                        .build())
                .build();
    }

    /** Starts a run of this flow whenever a run of {@code upstream} (same project and branch) succeeds. */
    private void startAfter(String upstream, String upstreamStateMachine) {
        Role role = Role.Builder.create(this, "StartAfter" + upstream + "Role")
                .assumedBy(new ServicePrincipal("events.amazonaws.com"))
                .build();
        grantStartLive(role);
        software.amazon.awscdk.services.events.CfnRule.Builder.create(this, "StartAfter" + upstream)
                .description("Start " + alias.getName() + " of this flow when " + upstream + " succeeds")
                .eventPattern(Map.of(
                        "source",
                        List.of("aws.states"),
                        "detail-type",
                        List.of("Step Functions Execution Status Change"),
                        "detail",
                        Map.of(
                                "status",
                                List.of("SUCCEEDED"),
                                // the event's stateMachineArn is the unqualified ARN, also for executions of a version
                                // or alias;
                                // a prefix would also match every state machine whose name starts with this one's
                                "stateMachineArn",
                                List.of(formatArn(software.amazon.awscdk.ArnComponents.builder()
                                        .service("states")
                                        .resource("stateMachine")
                                        .resourceName(upstreamStateMachine)
                                        .arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME)
                                        .build())))))
                .targets(List.of(software.amazon.awscdk.services.events.CfnRule.TargetProperty.builder()
                        .id("live")
                        .arn(alias.getRef())
                        .roleArn(role.getRoleArn())
                        .input("{\"parameters\": {}}")
                        .build()))
                .build();
    }

    /**
     * Lets {@code principal} start executions of the live alias. Step Functions authorizes StartExecution of an
     * alias against the unqualified state machine ARN, narrowed by the {@code states:StateMachineQualifier} key.
     * That key is multivalued (ArrayOfString in the Service Authorization Reference): IAM matches it only with a
     * set operator, so a plain StringEquals would never match and no schedule or trigger could start the alias.
     * ForAnyValue on an absent key (an unqualified ARN) does not match either.
     */
    public Grant grantStartLive(IGrantable principal) {
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(principal)
                .actions(List.of("states:StartExecution"))
                .resourceArns(List.of(stateMachine.getStateMachineArn()))
                .conditions(Map.of("ForAnyValue:StringEquals", Map.of(STATE_MACHINE_QUALIFIER, alias.getName())))
                .build());
    }

    private void suppressNagFindings() {
        NagSuppressions.addResourceSuppressions(
                jobRole,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason(
                                "Objects under the flow's own prefix (prefix/*) and the shared inputs prefix; KMS data-key "
                                        + "actions (GenerateDataKey*, ReEncrypt*) on the datastore key only")
                        .build()),
                true);
        NagSuppressions.addResourceSuppressions(
                stateMachine,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason(
                                "batch:DescribeJobs/TerminateJob have no resource-level permissions; X-Ray and log delivery "
                                        + "need *; S3 reads are limited to the flow's runs/*/_plans/* keys")
                        .build()),
                true);
        for (Construct c : getNode().findAll().stream()
                .filter(c -> c instanceof EcsJobDefinition || c instanceof EcsEc2ContainerDefinition)
                .map(c -> (Construct) c)
                .toList()) {
            NagSuppressions.addResourceSuppressions(
                    c,
                    List.of(
                            NagPackSuppression.builder()
                                    .id("AwsSolutions-IAM4")
                                    .reason(
                                            "The ECS task execution role uses "
                                                    + "AmazonECSTaskExecutionRolePolicy, AWS's policy for pulling the image and writing logs")
                                    .build(),
                            NagPackSuppression.builder()
                                    .id("AwsSolutions-IAM5")
                                    .reason("ECR's GetAuthorizationToken and the "
                                            + "log stream names of Batch jobs are not known before the job runs")
                                    .build()),
                    true);
        }
    }

    private static Resources profile(Resources r) {
        return new Resources(r.cpu(), r.memoryMb(), r.gpu(), "");
    }

    /**
     * {@code Cairn-<project>-<Flow>-<branch>}, characters outside {@code [A-Za-z0-9-]} as '-'; a name over
     * {@value #MAX_STACK_NAME_LENGTH} characters keeps its head and ends in a hash of the full name.
     */
    public static String nameFor(String project, String flow, String branch) {
        String full = ("Cairn-" + project + "-" + flow + "-" + branch).replaceAll("[^A-Za-z0-9-]", "-");
        if (full.length() <= MAX_STACK_NAME_LENGTH) {
            return full;
        }
        String hash = HexFormat.of()
                .formatHex(digest(full.getBytes(StandardCharsets.UTF_8)))
                .substring(0, NAME_HASH_LENGTH);
        return full.substring(0, MAX_STACK_NAME_LENGTH - NAME_HASH_LENGTH - 1) + "-" + hash;
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public Role jobRole() {
        return jobRole;
    }
    /** {@code <prefix>/<project>/<branch>/<Flow>}: the only prefix the job role writes. */
    public String flowPrefix() {
        return flowPrefix;
    }

    public String codeSha256() {
        return codeSha256;
    }
}
