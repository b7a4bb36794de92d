package dev.cairn.cdk;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.flow.internal.graph.StepSettings.Resources;
import dev.cairn.flow.internal.graph.Transition;
import dev.cairn.flow.layout.DatastoreLayout;
import dev.cairn.flow.layout.PathName;
import dev.cairn.statemachines.AwsName;
import dev.cairn.statemachines.DeploymentSettings;
import dev.cairn.statemachines.StateMachineCompiler;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import software.amazon.awscdk.services.batch.EcsVolume;
import software.amazon.awscdk.services.batch.HostVolumeOptions;
import software.amazon.awscdk.services.batch.IJobQueue;
import software.amazon.awscdk.services.batch.Reason;
import software.amazon.awscdk.services.batch.RetryStrategy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.LogDriver;
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
 * its code package, schedule and alarm. Named {@code Cairn-<project>-<Flow>-<branch>} ({@link #nameFor}).
 *
 * <pre>{@code
 * new FlowStack(app, FlowStack.Props.builder(platform, CountryModels.class, "prod", Path.of("target/app.jar")).build());
 * }</pre>
 */
public final class FlowStack extends Stack {
    /** CloudFormation's stack name limit. */
    public static final int MAX_STACK_NAME_LENGTH = 128;
    /** What a flow stack's name starts with (a serving stack's is {@link ServingStack#STACK_HEAD}). */
    static final String STACK_HEAD = "Cairn";
    /** Step Functions' vended logs prefix keeps the Logs resource policy small; the rest is the stack's name. */
    static final String LOG_GROUP_HEAD = "/aws/vendedlogs/states/" + STACK_HEAD;
    /** The rule Step Functions creates to learn when a .sync Batch job ends. */
    static final String BATCH_SYNC_RULE = "StepFunctionsGetEventsForBatchJobsRule";
    /** The IAM condition key naming the alias or version a Step Functions request is for. */
    static final String STATE_MACHINE_QUALIFIER = "states:StateMachineQualifier";
    /**
     * The tag every job of this flow stack carries, valued with the stack's name: job ARNs hold only a random job
     * id, so this tag is what lets the state machine terminate its own jobs and no other flow's.
     */
    public static final String JOB_TAG = "cairn:flow-stack";
    /**
     * The one writable folder of a job's container, whose root file system is read-only: the step-runner image's
     * WORKDIR, its user's home and {@code java.io.tmpdir}, so everything the step runner writes lands there (the
     * code package cache, S3 staging files, a task's files folder, the native libraries zstd-jni and DuckDB unpack).
     * An empty host volume: a fresh folder on the instance's disk per job, which Docker fills from the image's
     * /tmp (mode 1777) and ECS deletes with the job; a tmpfs would take its size from the job's memory.
     */
    public static final String SCRATCH_PATH = "/tmp";
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
     * @param sharedInputsPrefix prefix the job role may read; default {@code <datastorePrefix>/_shared}
     *                         ({@link DatastoreLayout#SHARED}: no project's folder, so no flow can write it)
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
            PathName.BRANCH.require(branch);
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
            private String sharedInputsPrefix;
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
                        sharedInputsPrefix != null
                                ? sharedInputsPrefix
                                : DatastoreLayout.under(datastorePrefix, DatastoreLayout.SHARED),
                        jobAttempts,
                        maxForeachItems);
            }
        }
    }

    private final StateMachine stateMachine;
    private final Role jobRole;
    private final LogGroup jobLogs;
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

        ComputeQueues compute = platform.queuesFor(props.branch());
        SnowflakeLink snowflake = platform.snowflakeFor(props.branch());
        DeploymentSettings.Builder settings = DeploymentSettings.builder(datastore.bucketName())
                .datastorePrefix(props.datastorePrefix())
                .branch(props.branch())
                .cpuJobQueueArn(compute.cpuQueue().getJobQueueArn())
                .gpuJobQueueArn(compute.gpuQueue().getJobQueueArn());
        props.maxForeachItems().forEach(settings::maxForeachItems);
        settings.jobTag(JOB_TAG, getStackName());
        Resources planResources = settings.build().planResources();

        // one job definition per resource profile, and the queues each one is submitted to
        Map<Resources, Set<IJobQueue>> profiles = new LinkedHashMap<>();
        profiles.computeIfAbsent(profile(planResources), r -> new LinkedHashSet<>())
                .add(compute.cpuQueue());
        for (StepNode step : graph.steps()) {
            Resources r = step.settings().resources();
            profiles.computeIfAbsent(profile(r), k -> new LinkedHashSet<>())
                    .add(r.gpu() > 0 ? compute.gpuQueue() : compute.cpuQueue());
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CAIRN_CODE_PACKAGE", code.getS3ObjectUrl());
        environment.put("CAIRN_CODE_SHA256", codeSha256);
        // ECS on EC2 sets no region variable for the container (agents before 2026), and the SDK would otherwise
        // look for one in a profile or instance metadata
        environment.put("AWS_REGION", getRegion());
        Map<String, String> withoutWarehouse = new LinkedHashMap<>(environment);
        if (snowflake != null) {
            environment.putAll(snowflake.jobEnvironment());
        }
        // the flow's own job log group, instead of Batch's shared /aws/batch/job that never expires: the job
        // definitions' execution roles may write only here
        jobLogs = LogGroup.Builder.create(this, "JobLogs")
                .logGroupName("/aws/batch/" + getStackName())
                .encryptionKey(platform.monitoring().logsKey())
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Map<Resources, EcsJobDefinition> jobDefinitions = new LinkedHashMap<>();
        profiles.keySet()
                .forEach(r -> jobDefinitions.put(
                        r,
                        jobDefinition(
                                jobDefinitionId(r), r, platform, snowflake, environment, props.jobAttempts(), null)));
        settings.jobDefinitions(r -> jobDefinitions.get(profile(r)).getJobDefinitionArn());
        DeploymentSettings deployment = settings.build();

        LogGroup logs = LogGroup.Builder.create(this, "ExecutionLogs")
                .logGroupName(AwsName.LOG_GROUP.of(LOG_GROUP_HEAD, graph.project(), graph.name(), props.branch()))
                .encryptionKey(
                        platform.monitoring().logsKey()) // level ALL with execution data: artifacts' keys, parameters
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
        grantOwnJobs(stateMachine);
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

        recordStoppedRuns(
                graph.name(),
                jobDefinition(
                        "RecordStoppedRunJob",
                        profile(planResources),
                        platform,
                        null, // it only writes the run's record: no warehouse settings or credentials
                        withoutWarehouse,
                        props.jobAttempts(),
                        List.of(
                                "step",
                                graph.name(),
                                "--datastore",
                                deployment.datastoreUri(),
                                "--branch",
                                props.branch(),
                                "--run",
                                "Ref::run",
                                "--record-failure",
                                "Ref::status")),
                compute.cpuQueue());
        graph.schedule().ifPresent(cron -> schedule(cron));
        graph.startAfter()
                .forEach(upstream ->
                        startAfter(upstream, deployment.stateMachineName(deployment.projectFor(graph), upstream)));
        Alarm failed = Alarm.Builder.create(this, "ExecutionsFailed")
                .metric(stateMachine.metricFailed())
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(graph.name() + " on " + props.branch() + ": an execution failed")
                .build();
        platform.monitoring().alertOn(failed);

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

    /**
     * What Step Functions' .sync Batch integration needs besides SubmitJob: DescribeJobs (no resource-level
     * permissions: IAM's service authorization reference lists no resource type for it), TerminateJob when an
     * execution is stopped or a state times out, and TagResource, which Batch checks for a SubmitJob that carries
     * tags. Job ARNs end in a random id, so both name {@code job/*}: TerminateJob only of jobs tagged with this
     * stack's name, TagResource only of that one tag with this stack's name on a job not tagged for another stack.
     */
    private void grantOwnJobs(StateMachine machine) {
        machine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("batch:DescribeJobs"))
                .resources(List.of("*"))
                .build());
        String jobs = formatArn(software.amazon.awscdk.ArnComponents.builder()
                .service("batch")
                .resource("job")
                .resourceName("*")
                .build());
        machine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("batch:TerminateJob"))
                .resources(List.of(jobs))
                .conditions(Map.of("StringEquals", Map.of("aws:ResourceTag/" + JOB_TAG, getStackName())))
                .build());
        machine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("batch:TagResource"))
                .resources(List.of(jobs))
                .conditions(Map.of(
                        "StringEquals",
                        Map.of("aws:RequestTag/" + JOB_TAG, getStackName()),
                        "ForAllValues:StringEquals",
                        Map.of("aws:TagKeys", List.of(JOB_TAG)),
                        // a job already tagged for another stack keeps its tag, so its stack alone may terminate it
                        "StringEqualsIfExists",
                        Map.of("aws:ResourceTag/" + JOB_TAG, getStackName())))
                .build());
    }

    private static String jobDefinitionId(Resources r) {
        return "Job" + r.cpu() + "cpu" + r.memoryMb() + "mb" + r.gpu() + "gpu";
    }

    /** @param command the container's command, for jobs nobody overrides it for; null: the state machine sets it */
    private EcsJobDefinition jobDefinition(
            String id,
            Resources r,
            PlatformStack platform,
            SnowflakeLink snowflake,
            Map<String, String> environment,
            int attempts,
            List<String> command) {
        EcsEc2ContainerDefinition.Builder container = EcsEc2ContainerDefinition.Builder.create(this, id + "Container")
                .image(r.gpu() > 0 ? platform.images().gpu() : platform.images().cpu())
                .cpu(r.cpu())
                .memory(Size.mebibytes(r.memoryMb()))
                .jobRole(jobRole)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(jobLogs)
                        .streamPrefix("step")
                        .build()))
                .environment(environment)
                .readonlyRootFilesystem(true)
                .volumes(List.of(EcsVolume.host(HostVolumeOptions.builder()
                        .name("scratch")
                        .containerPath(SCRATCH_PATH)
                        .build())));
        if (snowflake != null) {
            container.secrets(snowflake.jobSecrets());
        }
        if (r.gpu() > 0) {
            container.gpu(r.gpu());
        }
        if (command != null) {
            container.command(command);
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
    /**
     * An execution stopped by hand (ABORTED) or over its time limit (TIMED_OUT) runs no more states, so no catch
     * records its run: a rule on its status change submits {@code cairn step --record-failure STATUS} for the run
     * (the execution's name), on a job definition of its own whose command Batch fills from the parameters the rule
     * passes ({@code Ref::run}, {@code Ref::status}; AWS Batch user guide, "AWS Batch jobs as EventBridge targets").
     */
    private void recordStoppedRuns(String flow, EcsJobDefinition job, IJobQueue queue) {
        Role role = Role.Builder.create(this, "RecordStoppedRunRole")
                .assumedBy(new ServicePrincipal("events.amazonaws.com"))
                .description("Submits the job that records a stopped execution's run: this job definition and queue")
                .build();
        job.grantSubmitJob(role, queue);
        software.amazon.awscdk.services.events.CfnRule.Builder.create(this, "RecordStoppedRunRule")
                .description("Record the run of an execution of this flow stopped by hand or timed out")
                .eventPattern(executionStatusChange(stateMachine.getStateMachineArn(), "ABORTED", "TIMED_OUT"))
                .targets(List.of(software.amazon.awscdk.services.events.CfnRule.TargetProperty.builder()
                        .id("record")
                        .arn(queue.getJobQueueArn())
                        .roleArn(role.getRoleArn())
                        .batchParameters(
                                software.amazon.awscdk.services.events.CfnRule.BatchParametersProperty.builder()
                                        .jobDefinition(job.getJobDefinitionArn())
                                        .jobName(flow + "-record-stopped")
                                        .build())
                        .inputTransformer(
                                software.amazon.awscdk.services.events.CfnRule.InputTransformerProperty.builder()
                                        .inputPathsMap(Map.of("run", "$.detail.name", "status", "$.detail.status"))
                                        .inputTemplate("{\"run\": <run>, \"status\": <status>}")
                                        .build())
                        .retryPolicy(software.amazon.awscdk.services.events.CfnRule.RetryPolicyProperty.builder()
                                .maximumEventAgeInSeconds(24 * 3600)
                                .maximumRetryAttempts(20)
                                .build())
                        .build()))
                .build();
    }

    /**
     * Step Functions' event for executions of {@code stateMachineArn} entering one of {@code statuses}. The event's
     * stateMachineArn is the unqualified ARN, also for executions of a version or alias; it is matched exactly, since
     * a prefix would also match every state machine whose name starts with this one's.
     */
    private static Map<String, Object> executionStatusChange(String stateMachineArn, String... statuses) {
        return Map.of(
                "source",
                List.of("aws.states"),
                "detail-type",
                List.of("Step Functions Execution Status Change"),
                "detail",
                Map.of("status", List.of(statuses), "stateMachineArn", List.of(stateMachineArn)));
    }

    private void startAfter(String upstream, String upstreamStateMachine) {
        Role role = Role.Builder.create(this, "StartAfter" + upstream + "Role")
                .assumedBy(new ServicePrincipal("events.amazonaws.com"))
                .build();
        grantStartLive(role);
        software.amazon.awscdk.services.events.CfnRule.Builder.create(this, "StartAfter" + upstream)
                .description("Start " + alias.getName() + " of this flow when " + upstream + " succeeds")
                .eventPattern(executionStatusChange(
                        formatArn(software.amazon.awscdk.ArnComponents.builder()
                                .service("states")
                                .resource("stateMachine")
                                .resourceName(upstreamStateMachine)
                                .arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME)
                                .build()),
                        "SUCCEEDED"))
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
                                "Objects under the flow's own prefix (prefix/*) and the shared inputs prefix; no wildcard in "
                                        + "the KMS statements (GenerateDataKey and Decrypt on the datastore key, through S3 only)")
                        .build()),
                true);
        NagSuppressions.addResourceSuppressions(
                stateMachine,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason(
                                "batch:DescribeJobs has no resource-level permissions; TerminateJob and TagResource name "
                                        + "job/* (job ARNs end in a random id) under a condition on this stack's cairn:flow-stack "
                                        + "tag; X-Ray and log delivery need *; S3 reads are limited to the flow's "
                                        + "runs/*/_plans/* keys")
                        .build()),
                true);
        for (Construct c : getNode().findAll().stream()
                .filter(c -> c instanceof EcsJobDefinition || c instanceof EcsEc2ContainerDefinition)
                .map(c -> (Construct) c)
                .toList()) {
            NagSuppressions.addResourceSuppressions(
                    c,
                    List.of(NagPackSuppression.builder()
                            .id("AwsSolutions-IAM5")
                            .reason("ECR's GetAuthorizationToken has no resource-level permissions: the execution role "
                                    + "needs it on * to pull step-runner images built from source")
                            .build()),
                    true);
        }
    }

    private static Resources profile(Resources r) {
        return new Resources(r.cpu(), r.memoryMb(), r.gpu(), "");
    }

    /**
     * {@code Cairn-<project>-<Flow>-<branch>} by {@link AwsName#STACK}: a name with other characters than letters and
     * digits, or over {@value #MAX_STACK_NAME_LENGTH} characters, is mapped or cut and ends in a hash of the full name.
     */
    public static String nameFor(String project, String flow, String branch) {
        return AwsName.STACK.of(STACK_HEAD, project, flow, branch);
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

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public Role jobRole() {
        return jobRole;
    }

    /** The log group of the flow's Batch jobs, the only one their execution roles write. */
    public LogGroup jobLogs() {
        return jobLogs;
    }
    /** {@code <prefix>/<project>/<branch>/<Flow>}: the only prefix the job role writes. */
    public String flowPrefix() {
        return flowPrefix;
    }

    public String codeSha256() {
        return codeSha256;
    }
}
