package dev.cairn.statemachines;

import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.flow.internal.graph.StepSettings.Resources;
import dev.cairn.flow.internal.graph.Transition;
import dev.cairn.flow.layout.DatastoreLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Where and how a compiled flow runs: the datastore, the naming of the deployment, the Batch
 * queues and job definitions, and the bounds the compiler checks the definition against.
 * Build one with {@link #builder(String)}; every field but the bucket has a default.
 *
 * @param datastoreBucket         S3 bucket of the datastore (required)
 * @param datastorePrefix         key prefix inside the bucket; default {@code "cairn"}; empty for the bucket root
 * @param project                 project name; empty (the default) takes the flow's {@code @Flow(project)}
 * @param branch                  deployment branch (prod, user.alice, test.feature-x); default {@code "prod"}
 * @param cpuJobQueueArn          queue of steps without GPUs and without a named queue; default {@code "cairn-cpu"}
 * @param gpuJobQueueArn          queue of steps with {@code gpu > 0} and no named queue; default {@code "cairn-gpu"}
 * @param queues                  named queues ({@code @Resources(queue = "...")}) to queue names or ARNs;
 *                                default none: a step naming an unknown queue does not compile
 * @param jobDefinitions          job definition name or ARN for a flow and a step's resources; default
 *                                {@link JobDefinitionNaming#DEFAULT}: {@code cairn-<flow>-<cpu>cpu-<mem>mb-<gpu>gpu}
 * @param planResources           resources of the {@code --plan} jobs; default 1 vCPU, 2048 MiB, no GPU
 * @param defaultStepTimeoutSeconds state {@code TimeoutSeconds} of a step without {@code @Timeout}, and the
 *                                least one of an array job; default 86,400 (24 h)
 * @param queueWaitSeconds        added to {@code attempts x @Timeout} for a single job's state timeout,
 *                                time the job may wait in the queue; default 3,600
 * @param planTimeoutSeconds      timeout of a plan job (Batch attempt and state); default 3,600
 * @param mapMaxConcurrency       MaxConcurrency of the inline Map over a step's chunks; default 40 (the
 *                                inline Map's effective ceiling)
 * @param throttleRetry           retrier for Batch API throttling on every Batch task
 * @param maxForeachItems         worst-case item count per foreach step (keyed by the step that fans out)
 *                                the deployment accepts, over the step's own {@code @Step(maxItems)}; the
 *                                history-event check uses it
 * @param defaultMaxForeachItems  worst-case item count of a foreach that declares no {@code maxItems} and is
 *                                not in {@code maxForeachItems}; default 1,000
 * @param jobTags                 tags every submitted job carries (SubmitJob {@code Tags}, propagated to its ECS
 *                                tasks), e.g. the one an IAM condition lets the state machine terminate its own jobs
 *                                by; default none
 */
public record DeploymentSettings(
        String datastoreBucket,
        String datastorePrefix,
        String project,
        String branch,
        String cpuJobQueueArn,
        String gpuJobQueueArn,
        Map<String, String> queues,
        JobDefinitionNaming jobDefinitions,
        Resources planResources,
        int defaultStepTimeoutSeconds,
        int queueWaitSeconds,
        int planTimeoutSeconds,
        int mapMaxConcurrency,
        ThrottleRetry throttleRetry,
        Map<String, Integer> maxForeachItems,
        int defaultMaxForeachItems,
        Map<String, String> jobTags) {
    /** Batch's limit on a tag value's length. */
    public static final int MAX_TAG_VALUE_LENGTH = 256;

    public DeploymentSettings {
        Objects.requireNonNull(datastoreBucket, "datastoreBucket");
        if (datastoreBucket.isBlank()) {
            throw new IllegalArgumentException("datastoreBucket is required");
        }
        datastorePrefix = trimSlashes(Objects.requireNonNullElse(datastorePrefix, ""));
        project = Objects.requireNonNullElse(project, "");
        queues = Map.copyOf(queues);
        maxForeachItems = Map.copyOf(maxForeachItems);
        Objects.requireNonNull(jobDefinitions, "jobDefinitions");
        Objects.requireNonNull(throttleRetry, "throttleRetry");
        if (defaultMaxForeachItems < 0 || maxForeachItems.values().stream().anyMatch(v -> v < 0)) {
            throw new IllegalArgumentException("foreach item bounds must be at least 0");
        }
        jobTags.forEach((key, value) -> {
            if (value.length() > MAX_TAG_VALUE_LENGTH) {
                throw new IllegalArgumentException("job tag " + key + " has a value of " + value.length()
                        + " characters; Batch takes at most " + MAX_TAG_VALUE_LENGTH);
            }
        });
        jobTags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(jobTags)); // one order: one definition
    }

    public static Builder builder(String datastoreBucket) {
        return new Builder(datastoreBucket);
    }

    /** Job definition name (or ARN) for a flow's step resources. */
    @FunctionalInterface
    public interface JobDefinitionNaming {
        JobDefinitionNaming DEFAULT = (flow, r) ->
                AwsName.JOB_DEFINITION.of("cairn", flow, r.cpu() + "cpu", r.memoryMb() + "mb", r.gpu() + "gpu");

        String jobDefinition(String flow, Resources resources);
    }

    /**
     * Retrier for Batch API throttling ({@link #errors}), with exponential backoff (rate 2) and full jitter.
     * Default: 2 s, 8 attempts, at most 60 s between attempts.
     */
    public record ThrottleRetry(int intervalSeconds, int maxAttempts, int maxDelaySeconds) {
        public static final ThrottleRetry DEFAULT = new ThrottleRetry(2, 8, 60);
        /** The errors Step Functions raises for a throttled or failed Batch API call (not for a failed job). */
        public static final java.util.List<String> ERRORS =
                java.util.List.of("Batch.AWSBatchException", "Batch.TooManyRequestsException", "Batch.ServerException");

        public java.util.List<String> errors() {
            return ERRORS;
        }
    }

    /** The project a flow deploys under: {@link #project} when set, else the flow's own. */
    public String projectFor(FlowGraph graph) {
        return project.isEmpty() ? graph.project() : project;
    }

    /** {@code s3://bucket/prefix} (or {@code s3://bucket}): the step runner's {@code --datastore}. */
    public String datastoreUri() {
        return "s3://" + datastoreBucket + (datastorePrefix.isEmpty() ? "" : "/" + datastorePrefix);
    }

    /** Where the flow's data lives in this deployment's datastore ({@link #keyInBucket} puts its keys in the bucket). */
    public DatastoreLayout layout(FlowGraph graph) {
        return new DatastoreLayout(projectFor(graph), branch, graph.name());
    }

    /** A datastore key as an object key of the bucket: below {@link #datastorePrefix}. */
    public String keyInBucket(String key) {
        return DatastoreLayout.under(datastorePrefix, key);
    }

    /**
     * State machine name: {@code cairn-<project>-<branch>-<Flow>}, by {@link AwsName#STATE_MACHINE} (mapped or cut to
     * 80 characters with a hash: {@code user.alice} and {@code user-alice} get two).
     */
    public String stateMachineName(FlowGraph graph) {
        return stateMachineName(projectFor(graph), graph.name());
    }

    /** The state machine name of flow {@code flow} of {@code project} on this branch (another flow's, for triggers). */
    public String stateMachineName(String project, String flow) {
        return AwsName.STATE_MACHINE.of("cairn", project, branch, flow);
    }

    public String jobDefinitionFor(String flow, Resources resources) {
        return jobDefinitions.jobDefinition(flow, resources);
    }

    /**
     * The queue of a step: its named queue when set (which must be in {@link #queues}), else the GPU
     * queue when it asks for GPUs, else the CPU queue.
     */
    public String jobQueueFor(String step, Resources resources) {
        if (resources.queue() != null && !resources.queue().isEmpty()) {
            String queue = queues.get(resources.queue());
            if (queue == null) {
                throw new IllegalArgumentException("step `" + step + "` asks for queue `" + resources.queue()
                        + "`, which the deployment settings do not define; named queues: " + queues.keySet());
            }
            return queue;
        }
        return resources.gpu() > 0 ? gpuJobQueueArn : cpuJobQueueArn;
    }

    /**
     * Worst-case item count of the foreach opened by {@code foreachStep}: this deployment's bound for
     * the step when set, else the step's {@code @Step(maxItems)}, else {@link #defaultMaxForeachItems}.
     */
    public int maxForeachItems(StepNode foreachStep) {
        Integer deployed = maxForeachItems.get(foreachStep.name());
        return deployed != null ? deployed : declaredMaxItems(foreachStep).orElse(defaultMaxForeachItems);
    }

    /** Where {@link #maxForeachItems(StepNode)} comes from, for messages: "deployment", "@Step(maxItems)" or "default". */
    String maxForeachItemsSource(StepNode foreachStep) {
        return maxForeachItems.containsKey(foreachStep.name())
                ? "deployment setting"
                : declaredMaxItems(foreachStep).isPresent() ? "@Step(maxItems)" : "default";
    }

    private static OptionalInt declaredMaxItems(StepNode step) {
        return step.transition() instanceof Transition.Foreach f ? f.declaredMaxItems() : OptionalInt.empty();
    }

    private static String trimSlashes(String s) {
        return s.replaceAll("^/+|/+$", "");
    }

    public static final class Builder {
        private final String datastoreBucket;
        private String datastorePrefix = "cairn";
        private String project = "";
        private String branch = "prod";
        private String cpuJobQueueArn = "cairn-cpu";
        private String gpuJobQueueArn = "cairn-gpu";
        private final Map<String, String> queues = new LinkedHashMap<>();
        private JobDefinitionNaming jobDefinitions = JobDefinitionNaming.DEFAULT;
        private Resources planResources = new Resources(1, 2048, 0, "");
        private int defaultStepTimeoutSeconds = 86_400;
        private int queueWaitSeconds = 3_600;
        private int planTimeoutSeconds = 3_600;
        private int mapMaxConcurrency = 40;
        private ThrottleRetry throttleRetry = ThrottleRetry.DEFAULT;
        private final Map<String, Integer> maxForeachItems = new LinkedHashMap<>();
        private int defaultMaxForeachItems = 1_000;
        private final Map<String, String> jobTags = new LinkedHashMap<>();

        private Builder(String datastoreBucket) {
            this.datastoreBucket = datastoreBucket;
        }

        public Builder datastorePrefix(String v) {
            datastorePrefix = v;
            return this;
        }

        public Builder project(String v) {
            project = v;
            return this;
        }

        public Builder branch(String v) {
            branch = v;
            return this;
        }

        public Builder cpuJobQueueArn(String v) {
            cpuJobQueueArn = v;
            return this;
        }

        public Builder gpuJobQueueArn(String v) {
            gpuJobQueueArn = v;
            return this;
        }

        public Builder queue(String name, String queueArn) {
            queues.put(name, queueArn);
            return this;
        }

        public Builder jobDefinitions(JobDefinitionNaming v) {
            jobDefinitions = v;
            return this;
        }
        /** Job definitions by resources alone, whatever the flow. */
        public Builder jobDefinitions(Function<Resources, String> v) {
            jobDefinitions = (flow, r) -> v.apply(r);
            return this;
        }

        public Builder planResources(Resources v) {
            planResources = v;
            return this;
        }

        public Builder defaultStepTimeoutSeconds(int v) {
            defaultStepTimeoutSeconds = v;
            return this;
        }

        public Builder queueWaitSeconds(int v) {
            queueWaitSeconds = v;
            return this;
        }

        public Builder planTimeoutSeconds(int v) {
            planTimeoutSeconds = v;
            return this;
        }

        public Builder mapMaxConcurrency(int v) {
            mapMaxConcurrency = v;
            return this;
        }

        public Builder throttleRetry(ThrottleRetry v) {
            throttleRetry = v;
            return this;
        }

        public Builder maxForeachItems(String foreachStep, int items) {
            maxForeachItems.put(foreachStep, items);
            return this;
        }

        public Builder defaultMaxForeachItems(int v) {
            defaultMaxForeachItems = v;
            return this;
        }

        public Builder jobTag(String key, String value) {
            jobTags.put(key, value);
            return this;
        }

        public DeploymentSettings build() {
            return new DeploymentSettings(
                    datastoreBucket,
                    datastorePrefix,
                    project,
                    branch,
                    cpuJobQueueArn,
                    gpuJobQueueArn,
                    queues,
                    jobDefinitions,
                    planResources,
                    defaultStepTimeoutSeconds,
                    queueWaitSeconds,
                    planTimeoutSeconds,
                    mapMaxConcurrency,
                    throttleRetry,
                    maxForeachItems,
                    defaultMaxForeachItems,
                    jobTags);
        }
    }
}
