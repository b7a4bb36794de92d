package dev.cairn.statemachines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.ParameterSpec;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.flow.internal.graph.StepSettings;
import dev.cairn.flow.internal.graph.Transition;
import dev.cairn.formats.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a flow graph to an Amazon States Language definition (JSONPath, no JSONata). Pure: no
 * AWS call, no CDK.
 *
 * <h2>Shape</h2>
 * <ul>
 *   <li>{@code cairn.input} (Pass), {@code cairn.resume?} (Choice), then one of {@code cairn.fresh},
 *       {@code cairn.resume}, {@code cairn.resumeFrom} (Pass): put {@code $.cairn = {run, datastore,
 *       input, resumeArgs}} in the state: the run id ({@code $$.Execution.Name}), the datastore URI, the
 *       input with {@code parameters} defaulted to {} and the resume flags of the command.</li>
 *   <li>A step outside any foreach: one {@code batch:submitJob.sync} Task named after the step
 *       ({@code --task 0}).</li>
 *   <li>A step inside foreaches: {@code <step>.plan} (Batch, {@code --plan}), {@code <step>.summary}
 *       (S3 getObject of the plan summary, parsed with States.StringToJson), then the inline Map
 *       {@code <step>} over its chunks; per chunk the Choice {@code <step>.size} runs
 *       {@code <step>.array} (an array job of the chunk's size, {@code --chunk-offset} and
 *       {@code --tasks-per-child}: each child runs that many consecutive tasks) or, for a chunk of
 *       one child (Batch arrays have 2..10,000 children), the plain job {@code <step>.single}.</li>
 *   <li>A branch: {@code <step>.branch} (Parallel), one branch per arm up to the join; the join follows.</li>
 *   <li>{@code @Retry}: a Step Functions retrier on the step's job states (Batch's own retries cannot wait);
 *       {@code --retry-count $$.State.RetryCount} numbers the attempt.</li>
 *   <li>Failure: every top-level Task, Map and Parallel catches into {@code cairn.recordFailure} (Batch,
 *       {@code --record-failure}), then {@code cairn.failed} (Fail, with the caught error and cause).</li>
 * </ul>
 * Commands travel as {@code ContainerOverrides.Command} (never as Batch {@code Parameters}):
 * {@code States.StringSplit(States.Format(template, ...), U+001F)}, the unit separator delimiting the
 * arguments, so optional flags (resume) need no extra states; JSON output never holds a raw U+001F.
 * Every state keeps {@code ResultPath: null} (the summary: {@code $.plan}), so job descriptions never
 * accumulate in the state.
 */
public final class StateMachineCompiler {
    public static final String BATCH_SYNC = "arn:aws:states:::batch:submitJob.sync";
    public static final String S3_GET_OBJECT = "arn:aws:states:::aws-sdk:s3:getObject";
    /** Batch array jobs have 2..10,000 children; a plan chunk has at most this many children. */
    public static final int MAX_ARRAY_SIZE = 10_000;
    /** Stands for the run id in a datastore key the compiler formats at run time; no run id can contain it. */
    private static final String RUN_PLACEHOLDER = "\u0000run\u0000";
    /** The state every failure leads to: records the run FAILED ({@code cairn step --record-failure}). */
    public static final String RECORD_FAILURE = "cairn.recordFailure";
    /** The execution's end after a failure: fails it with the error and cause caught. */
    public static final String FAILED = "cairn.failed";
    /** Argument delimiter of the generated commands. */
    public static final char SEP = '\u001f';

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A compiled definition with what the checks measured. */
    public record Compiled(
            String definition,
            ExecutionEstimate estimate,
            Map<String, Integer> mapIterations,
            long maxTasksPerStep,
            int stateCount) {}

    private StateMachineCompiler() {}

    /**
     * @throws AslLint.AslLimitException if the definition breaks a limit (each finding names its rule)
     * @throws IllegalArgumentException  if a step's settings cannot be expressed on Batch
     */
    public static String compile(FlowGraph graph, DeploymentSettings settings) {
        return compileDetailed(graph, settings).definition();
    }

    public static Compiled compileDetailed(FlowGraph graph, DeploymentSettings settings) {
        return new Compilation(graph, settings).run();
    }

    private static final class Compilation {
        private final FlowGraph graph;
        private final DeploymentSettings s;
        private final Map<String, Integer> mapIterations = new HashMap<>();
        private long maxTasks = 1;
        private int stateCount;

        Compilation(FlowGraph graph, DeploymentSettings settings) {
            this.graph = graph;
            this.s = settings;
        }

        Compiled run() {
            for (StepNode node : graph.steps()) {
                validate(node);
            }
            ObjectNode root = F.objectNode();
            root.put("Comment", comment());
            root.put("StartAt", "cairn.input");
            ObjectNode states = root.putObject("States");
            prelude(states);
            String first = chain(states, FlowGraph.START, null);
            for (String pass : List.of("cairn.fresh", "cairn.resume", "cairn.resumeFrom")) {
                ((ObjectNode) states.get(pass)).put("Next", first);
            }
            recordFailures(states);
            String definition = pretty(root);
            List<AslLint.Finding> errors =
                    AslLint.lint(definition, name -> mapIterations.getOrDefault(name, 1)).stream()
                            .filter(f -> f.severity() == AslLint.Severity.ERROR)
                            .toList();
            if (!errors.isEmpty()) {
                throw new AslLint.AslLimitException(
                        "flow " + graph.name(),
                        errors.stream().map(this::withWayOut).toList());
            }
            ExecutionEstimate estimate = ExecutionEstimate.of(root, name -> mapIterations.getOrDefault(name, 1));
            return new Compiled(definition, estimate, Map.copyOf(mapIterations), maxTasks, stateCount);
        }

        /** A history-event finding names the foreach bounds it assumed and where to declare the real ones. */
        private AslLint.Finding withWayOut(AslLint.Finding f) {
            if (f.rule() != AslLint.Rule.HISTORY_EVENTS) {
                return f;
            }
            List<String> bounds = new ArrayList<>();
            for (StepNode node : graph.steps()) {
                if (node.transition() instanceof Transition.Foreach) {
                    bounds.add("`" + node.name() + "` <= " + s.maxForeachItems(node) + " items ("
                            + s.maxForeachItemsSource(node) + ")");
                }
            }
            return new AslLint.Finding(
                    f.rule(),
                    f.severity(),
                    f.state(),
                    f.message() + ". It assumed foreach " + String.join(", ", bounds)
                            + ": declare the real bounds with @Step(foreach = ..., maxItems = N) on those steps, or per deployment with"
                            + " `cairn compile --max-items STEP=N` and FlowStack.Props maxForeachItems(STEP, N) (cdk context maxItems=STEP=N,...)");
        }

        private void validate(StepNode node) {
            // @Retry within 9 retries and @Timeout at least Batch's 60 s: FlowGraph checks those for
            // local runs too (StepSettings), so only what depends on the deployment is left to check here
            s.jobQueueFor(node.name(), node.settings().resources());
        }

        // ------------------------------------------------------------ structure

        /** Emits the steps from {@code step} up to (not including) {@code stopAt}; returns the first state's name. */
        private String chain(ObjectNode states, String step, String stopAt) {
            StepNode node = graph.step(step);
            Block block = stepStates(states, node);
            ObjectNode exit = block.exit;
            Transition t = node.transition();
            switch (t) {
                case Transition.End e -> exit.put("End", true);
                case Transition.Linear l -> link(states, exit, l.next(), stopAt);
                case Transition.Foreach f -> link(states, exit, f.next(), stopAt);
                case Transition.Branch b -> {
                    String join = joinOf(node);
                    String name = node.name() + ".branch";
                    ObjectNode parallel = F.objectNode();
                    parallel.put("Type", "Parallel");
                    parallel.put("Comment", "branches of " + node.name() + ", joined by " + join);
                    ArrayNode branches = parallel.putArray("Branches");
                    for (String arm : b.next()) {
                        ObjectNode branch = branches.addObject();
                        ObjectNode armStates = F.objectNode();
                        String start;
                        if (arm.equals(join)) {
                            start = node.name() + ".to." + join;
                            ObjectNode pass = armStates.putObject(start);
                            pass.put("Type", "Pass");
                            pass.put("Comment", "this arm goes straight to the join");
                            pass.put("End", true);
                            stateCount++;
                        } else {
                            start = chain(armStates, arm, join);
                        }
                        branch.put("StartAt", start);
                        branch.set("States", armStates);
                    }
                    parallel.putNull("ResultPath");
                    put(states, name, parallel);
                    exit.put("Next", name);
                    link(states, parallel, join, stopAt);
                }
            }
            return block.entry;
        }

        private void link(ObjectNode states, ObjectNode exit, String next, String stopAt) {
            if (next.equals(stopAt)) {
                exit.put("End", true);
            } else {
                exit.put("Next", chain(states, next, stopAt));
            }
        }

        private String joinOf(StepNode branch) {
            return graph.steps().stream()
                    .filter(n -> branch.name().equals(n.closes()))
                    .map(StepNode::name)
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException("no join closes the branch at `" + branch.name() + "`"));
        }

        private record Block(String entry, ObjectNode exit) {}

        private Block stepStates(ObjectNode states, StepNode node) {
            String step = node.name();
            if (node.foreachDepth() == 0) {
                ObjectNode task = batchTask(node, Mode.TASK, "$.cairn");
                put(states, step, task);
                return new Block(step, task);
            }
            long tasks = maxTasks(node);
            maxTasks = Math.max(maxTasks, tasks);
            int tasksPerChild = node.settings().tasksPerChildFor(tasks);
            long children = (tasks + tasksPerChild - 1) / tasksPerChild;
            int chunks =
                    (int) Math.min(Integer.MAX_VALUE, Math.max(1, (children + MAX_ARRAY_SIZE - 1) / MAX_ARRAY_SIZE));
            mapIterations.put(step, chunks);

            String plan = step + ".plan";
            String summary = step + ".summary";
            ObjectNode planTask = batchTask(node, Mode.PLAN, "$.cairn");
            planTask.put("Next", summary);
            put(states, plan, planTask);

            ObjectNode get = F.objectNode();
            get.put("Type", "Task");
            get.put("Comment", "reads the plan: {size, chunks: [{offset, size <= 10000, tasksPerChild}]}");
            get.put("Resource", S3_GET_OBJECT);
            ObjectNode p = get.putObject("Parameters");
            p.put("Bucket", s.datastoreBucket());
            // the layout's key with the run id (known only at run time) as the format's argument
            String[] key = s.keyInBucket(s.layout(graph).planSummaryKey(RUN_PLACEHOLDER, step))
                    .split(RUN_PLACEHOLDER, -1);
            p.put("Key.$", "States.Format('" + literal(key[0]) + "{}" + literal(key[1]) + "', $.cairn.run)");
            get.putObject("ResultSelector").put("summary.$", "States.StringToJson($.Body)");
            get.put("ResultPath", "$.plan");
            get.put("TimeoutSeconds", 60);
            ArrayNode retry = get.putArray("Retry");
            ObjectNode r = retry.addObject();
            r.putArray("ErrorEquals")
                    .add("S3.S3Exception")
                    .add("S3.SdkClientException")
                    .add("States.Timeout");
            r.put("IntervalSeconds", 1);
            r.put("MaxAttempts", 5);
            r.put("BackoffRate", 2);
            r.put("JitterStrategy", "FULL");
            get.put("Next", step);
            put(states, summary, get);

            ObjectNode map = F.objectNode();
            map.put("Type", "Map");
            map.put(
                    "Comment",
                    "the tasks of " + step + " (at most " + tasks + "), one Batch array job per chunk of up to "
                            + MAX_ARRAY_SIZE + " children of tasksPerChild tasks ("
                            + (node.settings().tasksPerChild() == StepSettings.AUTO_TASKS_PER_CHILD
                                    ? "1 to " + StepSettings.AUTO_MAX_TASKS_PER_CHILD + " by the plan's size"
                                    : "@Batch: " + node.settings().tasksPerChild())
                            + ")");
            map.put("ItemsPath", "$.plan.summary.chunks");
            ObjectNode selector = map.putObject("ItemSelector");
            selector.put("cairn.$", "$.cairn");
            selector.put("offset.$", "$$.Map.Item.Value.offset");
            selector.put("size.$", "$$.Map.Item.Value.size");
            selector.put("tasksPerChild.$", "$$.Map.Item.Value.tasksPerChild");
            map.put("MaxConcurrency", s.mapMaxConcurrency());
            ObjectNode processor = map.putObject("ItemProcessor");
            processor.putObject("ProcessorConfig").put("Mode", "INLINE");
            String size = step + ".size";
            String array = step + ".array";
            String single = step + ".single";
            processor.put("StartAt", size);
            ObjectNode inner = processor.putObject("States");
            ObjectNode choice = F.objectNode();
            choice.put("Type", "Choice");
            choice.put("Comment", "Batch array jobs have 2..10000 children: a chunk of one runs as a plain job");
            ObjectNode one = choice.putArray("Choices").addObject();
            one.put("Variable", "$.size");
            one.put("NumericEquals", 1);
            one.put("Next", single);
            choice.put("Default", array);
            put(inner, size, choice);
            ObjectNode arrayTask = batchTask(node, Mode.ARRAY, "$.cairn");
            arrayTask.put("End", true);
            put(inner, array, arrayTask);
            ObjectNode singleTask = batchTask(node, Mode.SINGLE, "$.cairn");
            singleTask.put("End", true);
            put(inner, single, singleTask);
            map.putNull("ResultPath");
            put(states, step, map);
            return new Block(plan, map);
        }

        /** The most tasks the step can have: the product of the bounds of the foreaches it sits in. */
        private long maxTasks(StepNode node) {
            long tasks = 1;
            for (StepNode.Split split : node.splits()) {
                if (split.foreach()) {
                    tasks = Math.multiplyExact(tasks, (long) s.maxForeachItems(graph.step(split.step())));
                }
            }
            return tasks;
        }

        /**
         * How many tasks one job runs one after another at most: an array child runs its tasks, as many at a time
         * as its vCPUs, so its attempt may last that many times the step's {@code @Timeout}, each task being held
         * to the timeout by the step runner itself.
         */
        private long tasksInTurn(StepNode node, Mode mode) {
            if (mode != Mode.ARRAY && mode != Mode.SINGLE) {
                return 1;
            }
            long perChild = node.settings().tasksPerChildFor(maxTasks(node));
            long cpu = node.settings().resources().cpu();
            return (perChild + cpu - 1) / cpu;
        }

        private enum Mode {
            TASK,
            PLAN,
            ARRAY,
            SINGLE
        }

        private ObjectNode batchTask(StepNode node, Mode mode, String cairn) {
            String step = node.name();
            StepSettings st = node.settings();
            boolean plan = mode == Mode.PLAN;
            StepSettings.Resources resources = plan ? s.planResources() : st.resources();
            // @Retry is Step Functions' retrier (below): Batch's own attempts have no delay between them, so they
            // are left to the job definition's, which retry only infrastructure failures (a reclaimed Spot host)
            int retries = plan ? 0 : st.retry().times();

            ObjectNode task = F.objectNode();
            task.put("Type", "Task");
            task.put(
                    "Comment",
                    switch (mode) {
                        case TASK -> "step " + step + ": task 0";
                        case PLAN -> "plans " + step + ": its task ids, in chunks of up to " + MAX_ARRAY_SIZE;
                        case ARRAY ->
                            "a chunk of " + step + ": each child runs tasksPerChild tasks from offset"
                                    + " + AWS_BATCH_JOB_ARRAY_INDEX x tasksPerChild";
                        case SINGLE -> "a chunk of one child of " + step;
                    });
            task.put("Resource", BATCH_SYNC);
            ObjectNode p = task.putObject("Parameters");
            p.put("JobName", graph.name() + "-" + step + (plan ? "-plan" : ""));
            p.put("JobDefinition", s.jobDefinitionFor(graph.name(), resources));
            p.put("JobQueue", plan ? s.cpuJobQueueArn() : s.jobQueueFor(step, resources));
            if (!s.jobTags().isEmpty()) {
                s.jobTags().forEach(p.putObject("Tags")::put);
                p.put("PropagateTags", true);
            }
            if (mode == Mode.ARRAY) {
                p.putObject("ArrayProperties").put("Size.$", "$.size");
            }
            p.putObject("ContainerOverrides").put("Command.$", command(node, mode, cairn));
            long stateTimeout;
            if (plan) {
                p.putObject("Timeout").put("AttemptDurationSeconds", s.planTimeoutSeconds());
                stateTimeout = s.planTimeoutSeconds() + (long) s.queueWaitSeconds();
            } else if (st.timeout().isPresent()) {
                long seconds = Math.multiplyExact(st.timeout().get().toSeconds(), tasksInTurn(node, mode));
                p.putObject("Timeout").put("AttemptDurationSeconds", seconds);
                stateTimeout = seconds + s.queueWaitSeconds(); // per attempt: each retry is a job of its own
                if (mode == Mode.ARRAY) {
                    stateTimeout = Math.max(stateTimeout, s.defaultStepTimeoutSeconds());
                }
            } else {
                stateTimeout = s.defaultStepTimeoutSeconds();
            }
            task.put("TimeoutSeconds", stateTimeout);
            task.putNull("ResultPath");
            task.putArray("Retry").add(throttleRetry());
            if (retries > 0) {
                task.withArray("Retry").add(stepRetry(st.retry()));
            }
            return task;
        }

        /** Retries a throttled or failed Batch API call (not a failed job). */
        private ObjectNode throttleRetry() {
            DeploymentSettings.ThrottleRetry tr = s.throttleRetry();
            ObjectNode retry = F.objectNode();
            ArrayNode errors = retry.putArray("ErrorEquals");
            tr.errors().forEach(errors::add);
            retry.put("IntervalSeconds", tr.intervalSeconds());
            retry.put("MaxAttempts", tr.maxAttempts());
            retry.put("BackoffRate", 2);
            retry.put("MaxDelaySeconds", tr.maxDelaySeconds());
            retry.put("JitterStrategy", "FULL");
            return retry;
        }

        /**
         * Every top-level state that can fail (a job, a plan's read, a foreach's Map, a branch's Parallel, whose
         * inner states' failures reach it) catches any error into {@link #RECORD_FAILURE}, a small job that records
         * the run FAILED when no step runner could ({@code cairn step --record-failure}), then fails the execution
         * with the error and cause it caught. Without it a job that never started, or that Batch killed on its last
         * attempt, would leave the run RUNNING in the datastore for good.
         */
        private void recordFailures(ObjectNode states) {
            List<String> names = new ArrayList<>();
            states.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                ObjectNode state = (ObjectNode) states.get(name);
                if (List.of("Task", "Map", "Parallel")
                        .contains(state.path("Type").asText())) {
                    ObjectNode c = state.putArray("Catch").addObject();
                    c.putArray("ErrorEquals").add("States.ALL");
                    c.put("ResultPath", "$.error");
                    c.put("Next", RECORD_FAILURE);
                }
            }
            ObjectNode task = F.objectNode();
            task.put("Type", "Task");
            task.put("Comment", "records the run FAILED with the error caught ($.error), unless a task already did");
            task.put("Resource", BATCH_SYNC);
            ObjectNode p = task.putObject("Parameters");
            p.put("JobName", graph.name() + "-record-failure");
            p.put("JobDefinition", s.jobDefinitionFor(graph.name(), s.planResources()));
            p.put("JobQueue", s.cpuJobQueueArn());
            if (!s.jobTags().isEmpty()) {
                s.jobTags().forEach(p.putObject("Tags")::put);
                p.put("PropagateTags", true);
            }
            String template = literal(String.join(String.valueOf(SEP), List.of("step", graph.name(), "--datastore")))
                    + SEP + "{}" + SEP
                    + literal(String.join(String.valueOf(SEP), List.of("--branch", s.branch(), "--run")))
                    + SEP + "{}" + SEP + "--record-failure" + SEP + "{}";
            p.putObject("ContainerOverrides")
                    .put(
                            "Command.$",
                            "States.StringSplit(States.Format('" + template
                                    + "', $.cairn.datastore, $.cairn.run, $.error.Error), '" + SEP + "')");
            p.putObject("Timeout").put("AttemptDurationSeconds", s.planTimeoutSeconds());
            task.put("TimeoutSeconds", s.planTimeoutSeconds() + (long) s.queueWaitSeconds());
            task.putNull("ResultPath");
            task.putArray("Retry").add(throttleRetry());
            ObjectNode recordFailed = task.putArray("Catch").addObject();
            recordFailed.putArray("ErrorEquals").add("States.ALL");
            recordFailed.put("ResultPath", "$.recordError"); // the execution still fails with the first error
            recordFailed.put("Next", FAILED);
            task.put("Next", FAILED);
            put(states, RECORD_FAILURE, task);

            ObjectNode fail = F.objectNode();
            fail.put("Type", "Fail");
            fail.put("Comment", "fails the execution with the error and cause the first failing state raised");
            fail.put("ErrorPath", "$.error.Error");
            fail.put("CausePath", "$.error.Cause");
            put(states, FAILED, fail);
        }

        /**
         * {@code @Retry(times, backoffSeconds)}: a failed job (its task failed, or Batch killed it) is submitted again
         * after {@code backoffSeconds * 2^n}, as a local run waits. Step Functions' interval is at least 1 s, so a
         * backoff of 0 waits 1 s between attempts.
         */
        private static ObjectNode stepRetry(StepSettings.RetryPolicy policy) {
            ObjectNode retry = F.objectNode();
            retry.putArray("ErrorEquals").add("States.TaskFailed");
            retry.put("IntervalSeconds", Math.max(1, policy.backoffSeconds()));
            retry.put("MaxAttempts", policy.times());
            retry.put("BackoffRate", policy.backoffSeconds() == 0 ? 1 : 2);
            return retry;
        }

        /** {@code States.StringSplit(States.Format(...), SEP)} of the step runner's command. */
        private String command(StepNode node, Mode mode, String cairn) {
            // the image's ENTRYPOINT is the cairn CLI: Batch appends this command to it as the container's CMD
            List<String> args = new ArrayList<>();
            StringBuilder template = new StringBuilder(
                    literal(String.join(String.valueOf(SEP), List.of("step", graph.name(), "--datastore"))));
            template.append(SEP).append("{}");
            args.add(cairn + ".datastore");
            template.append(SEP)
                    .append(literal(String.join(String.valueOf(SEP), List.of("--branch", s.branch(), "--run"))));
            template.append(SEP).append("{}");
            args.add(cairn + ".run");
            template.append(SEP).append("--step").append(SEP).append(literal(node.name()));
            if (node.name().equals(FlowGraph.START)) {
                template.append(SEP).append("--parameters").append(SEP).append("{}");
                args.add("States.JsonToString(" + cairn + ".input.parameters)");
            }
            switch (mode) {
                case TASK -> template.append(SEP).append("--task").append(SEP).append("0");
                case PLAN -> template.append(SEP).append("--plan");
                case ARRAY, SINGLE -> {
                    template.append(SEP).append("--chunk-offset").append(SEP).append("{}");
                    args.add("$.offset");
                    template.append(SEP).append("--tasks-per-child").append(SEP).append("{}");
                    args.add("$.tasksPerChild");
                }
            }
            if (node.transition() instanceof Transition.End && mode != Mode.PLAN) {
                template.append(SEP).append("--end");
            }
            if (mode != Mode.PLAN && node.settings().retry().times() > 0) {
                // the attempt's number: Step Functions' retries of this state so far (each is a new Batch job)
                template.append(SEP).append("--retry-count").append(SEP).append("{}");
                args.add("$$.State.RetryCount");
            }
            template.append("{}"); // the resume flags, each after a SEP, or nothing
            args.add(cairn + ".resumeArgs");
            return "States.StringSplit(States.Format('" + template + "', " + String.join(", ", args) + "), '" + SEP
                    + "')";
        }

        // ------------------------------------------------------------ prelude and comment

        private void prelude(ObjectNode states) {
            ObjectNode input = F.objectNode();
            input.put("Type", "Pass");
            input.put("Comment", "keeps the execution input and the defaults of its optional fields");
            ObjectNode p = input.putObject("Parameters");
            p.putObject("defaults").putObject("parameters");
            p.put("input.$", "$");
            input.put("Next", "cairn.resume?");
            put(states, "cairn.input", input);

            ObjectNode choice = F.objectNode();
            choice.put("Type", "Choice");
            choice.put("Comment", "a resume of an earlier run reuses its results");
            ArrayNode choices = choice.putArray("Choices");
            ObjectNode from = choices.addObject();
            ArrayNode and = from.putArray("And");
            and.addObject().put("Variable", "$.input.resume.originRun").put("IsPresent", true);
            and.addObject().put("Variable", "$.input.resume.fromStep").put("IsPresent", true);
            from.put("Next", "cairn.resumeFrom");
            ObjectNode origin = choices.addObject();
            origin.put("Variable", "$.input.resume.originRun");
            origin.put("IsPresent", true);
            origin.put("Next", "cairn.resume");
            choice.put("Default", "cairn.fresh");
            put(states, "cairn.resume?", choice);

            put(states, "cairn.fresh", setup(""));
            put(
                    states,
                    "cairn.resume",
                    setup("States.Format('" + SEP + "--origin-run" + SEP + "{}', $.input.resume.originRun)"));
            put(
                    states,
                    "cairn.resumeFrom",
                    setup("States.Format('" + SEP + "--origin-run" + SEP + "{}" + SEP + "--origin-from" + SEP
                            + "{}', $.input.resume.originRun, $.input.resume.fromStep)"));
        }

        private ObjectNode setup(String resumeArgs) {
            ObjectNode pass = F.objectNode();
            pass.put("Type", "Pass");
            ObjectNode cairn = pass.putObject("Parameters").putObject("cairn");
            cairn.put("run.$", "$$.Execution.Name");
            // a plain field, not a States.Format literal: the CDK resolves a bucket-name token here (escaped
            // inside an intrinsic's string literal it would reach CloudFormation as text)
            cairn.put("datastore", s.datastoreUri());
            cairn.put("input.$", "States.JsonMerge($.defaults, $.input, false)");
            if (resumeArgs.isEmpty()) {
                cairn.put("resumeArgs", "");
            } else {
                cairn.put("resumeArgs.$", resumeArgs);
            }
            return pass;
        }

        private String comment() {
            StringBuilder c = new StringBuilder();
            c.append("Cairn flow ")
                    .append(graph.name())
                    .append(" (project ")
                    .append(s.projectFor(graph))
                    .append(", branch ")
                    .append(s.branch())
                    .append(", datastore ")
                    .append(s.datastoreUri())
                    .append("). ");
            c.append("Input: {\"parameters\": {");
            List<String> ps = new ArrayList<>();
            for (ParameterSpec p : graph.parameters()) {
                ps.add("\"" + p.name() + "\": " + p.typeName()
                        + (p.required()
                                ? " (required)"
                                : p.defaultValue() == null ? "" : " (default " + p.defaultValue() + ")"));
            }
            c.append(String.join(", ", ps));
            c.append(
                    "}, \"resume\": {\"originRun\": run id, \"fromStep\": step}} - both optional; the run id is the execution name. ");
            c.append("Each step is one Batch job (array jobs for foreach steps, planned by <step>.plan) running "
                    + "'cairn step' of the step-runner image (whose entrypoint is the cairn CLI); the command is "
                    + "ContainerOverrides.Command, built with "
                    + "States.StringSplit(States.Format(...)) on U+001F; Batch Parameters are not used.");
            return c.toString();
        }

        private void put(ObjectNode states, String name, ObjectNode state) {
            if (states.has(name)) {
                throw new IllegalStateException("state `" + name + "` emitted twice");
            }
            states.set(name, state);
            stateCount++;
        }
    }

    /** Escapes the characters States.Format and intrinsic string literals treat specially. */
    static String literal(String text) {
        return text.replaceAll("([\\\\'{}])", "\\\\$1");
    }

    static String pretty(ObjectNode root) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return Json.PLAIN.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
