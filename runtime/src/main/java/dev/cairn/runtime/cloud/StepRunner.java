package dev.cairn.runtime.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.flow.StepError;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.flow.layout.PathName;
import dev.cairn.formats.Json;
import dev.cairn.runtime.task.CodeVersion;
import dev.cairn.runtime.task.LiveEcho;
import dev.cairn.runtime.task.RunParameters;
import dev.cairn.runtime.task.TaskRunner;
import dev.cairn.runtime.task.TaskSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The work of {@code cairn step}: one AWS Batch job (or one child of an array job) of a cloud
 * run. It plans a step's tasks, or runs one task, or an array child's consecutive tasks (as many at
 * a time as the step's vCPUs), through the same {@link TaskRunner} the local scheduler uses, and
 * keeps the run record. Each task keeps its own record, attempt and log; a child's retry runs only
 * the tasks whose latest record did not succeed.
 *
 * <p>Exit codes: 0 when every task's record is SUCCEEDED (a caught failure too) or the plan is
 * written, 1 when a task FAILED. Bad arguments throw {@link IllegalArgumentException} before
 * anything runs or is written (the CLI turns it into exit code 2).
 */
public final class StepRunner {
    /** Batch sets it in each child of an array job: the child's index in the array. */
    public static final String ARRAY_INDEX = "AWS_BATCH_JOB_ARRAY_INDEX";
    /** Batch sets it in every job: the attempt number, counting from 1. */
    public static final String JOB_ATTEMPT = "AWS_BATCH_JOB_ATTEMPT";

    public static final int SUCCEEDED = 0;
    public static final int FAILED = 1;

    private final FlowGraph graph;
    private final FlowDatastore datastore;
    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private TaskRunner taskRunner;

    /**
     * @param env the process environment ({@code System.getenv()}); tests pass their own
     */
    public StepRunner(
            FlowGraph graph, FlowDatastore datastore, Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.graph = graph;
        this.datastore = datastore;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public int run(StepRequest request) throws IOException {
        String run = request.run();
        String step = request.step();
        if (!PathName.RUN.accepts(run)) {
            throw new IllegalArgumentException("--run: " + PathName.RUN.problem(run));
        }
        if (step == null || !graph.hasStep(step)) {
            throw new IllegalArgumentException("flow " + graph.name() + " has no step `" + step + "`; its steps are "
                    + graph.steps().stream().map(StepNode::name).toList());
        }
        StepNode node = graph.step(step);
        boolean start = node.parents().isEmpty();
        if (request.parametersJson() != null && !start) {
            throw new IllegalArgumentException("--parameters is for the start step only, not `" + step + "`");
        }
        if (request.originFrom() != null) {
            if (request.originRun() == null) {
                throw new IllegalArgumentException("--origin-from needs --origin-run");
            }
            if (!graph.hasStep(request.originFrom())) {
                throw new IllegalArgumentException(
                        "--origin-from: flow " + graph.name() + " has no step `" + request.originFrom() + "`");
            }
        }
        if (request.originRun() != null && !PathName.RUN.accepts(request.originRun())) {
            throw new IllegalArgumentException("--origin-run: " + PathName.RUN.problem(request.originRun()));
        }
        if (request.plan()) {
            if (request.task() != null || request.chunkOffset() != null || request.end()) {
                throw new IllegalArgumentException(
                        "--plan runs nothing: give it without --task, --chunk-offset and --end");
            }
            return plan(run, step);
        }
        int attempt = attempt(request);
        Map<String, Object> parameters = start ? parameters(request) : null; // validated before anything is written
        List<String> tasks = tasks(request, node);
        if (start) {
            startRun(run, parameters, request.originRun());
        }
        List<TaskRecord> failed = request.chunkOffset() == null
                ? failed(List.of(runOnce(new TaskSpec(run, step, tasks.getFirst(), attempt), request)))
                : runChild(request, node, tasks, attempt);
        if (!failed.isEmpty()) {
            for (TaskRecord record : failed) {
                err.println("cairn: step " + step + ", task " + record.task() + " (attempt " + record.attemptNumber()
                        + ") of run " + run + " failed: "
                        + (record.error() == null
                                ? "no error recorded"
                                : record.error().toString()));
                if (record.error() != null && record.error().stackTrace() != null) {
                    err.print(record.error().stackTrace());
                }
            }
            err.flush();
            // a task out of attempts fails the run; the first of them (in plan order) is the one it names
            Optional<TaskRecord> exhausted = failed.stream()
                    .filter(r -> r.attempt() >= node.settings().retry().times())
                    .findFirst();
            if (exhausted.isPresent()) {
                finishRun(run, RunStatus.FAILED, exhausted.get());
            }
            return FAILED;
        }
        if (request.end()) {
            finishRun(run, RunStatus.SUCCEEDED, null);
        }
        return SUCCEEDED;
    }

    /**
     * The state machine's last word on a failed execution ({@code cairn.recordFailure}, which every state's Catch
     * leads to): records the run FAILED with Step Functions' {@code error}, unless a task's last attempt already
     * recorded its own failure. Covers what no step runner lived to write: a job that never started, one Batch
     * killed on its last attempt (timeout, memory), a state's timeout, a failed plan.
     *
     * @param error the caught error's name, e.g. {@code States.TaskFailed} or {@code States.Timeout}
     */
    public int recordFailure(String run, String error) throws IOException {
        if (!PathName.RUN.accepts(run)) {
            throw new IllegalArgumentException("--run: " + PathName.RUN.problem(run));
        }
        if (error == null || error.isBlank()) {
            throw new IllegalArgumentException(
                    "--record-failure needs the execution's error name, e.g. States.Timeout");
        }
        Optional<RunRecord> record = datastore.readRun(run);
        if (record.isEmpty()) {
            err.println("cairn: run " + run + " has no run record in " + datastore.location()
                    + ": it failed before its start step wrote one (" + error + "), nothing to record");
        } else if (record.get().status() == RunStatus.RUNNING) {
            datastore.writeRun(record.get()
                    .finished(
                            RunStatus.FAILED,
                            Instant.now(),
                            null,
                            new StepError(
                                    error,
                                    "the execution failed with " + error + " where no step could record it (a job"
                                            + " that did not start, was killed on its last attempt, or outlived its"
                                            + " state's timeout): the execution's history in Step Functions names"
                                            + " the state",
                                    null)));
            out.println("cairn: run " + run + " recorded FAILED (" + error + ")");
        } else {
            out.println("cairn: run " + run + " is already " + record.get().status() + "; left as it is");
        }
        out.flush();
        err.flush();
        return SUCCEEDED;
    }

    private static List<TaskRecord> failed(List<TaskRecord> records) {
        return records.stream().filter(r -> !r.succeeded()).toList();
    }

    /**
     * Runs an array child's tasks, as many at a time as the step's vCPUs, and returns those that failed. A task
     * whose latest record already SUCCEEDED (an earlier attempt of this child ran it) keeps that record; the others
     * run as this job attempt, or as the attempt after their latest record when that one is not older (a record is
     * never overwritten).
     */
    private List<TaskRecord> runChild(StepRequest request, StepNode node, List<String> tasks, int attempt)
            throws IOException {
        List<TaskSpec> specs = new ArrayList<>();
        for (String task : tasks) {
            // a first attempt finds no records: only a retry pays for the look-up
            Optional<TaskRecord> latest =
                    attempt == 0 ? Optional.empty() : datastore.latestTask(request.run(), node.name(), task);
            if (latest.isPresent() && latest.get().succeeded()) {
                out.println("cairn: " + node.name() + "/" + task + " succeeded in attempt "
                        + latest.get().attemptNumber() + ": kept");
                continue;
            }
            int next = latest.map(r -> Math.max(attempt, r.attempt() + 1)).orElse(attempt);
            specs.add(new TaskSpec(request.run(), node.name(), task, next));
        }
        out.flush();
        int parallel = Math.min(specs.size(), node.settings().resources().cpu());
        if (parallel <= 1) {
            List<TaskRecord> records = new ArrayList<>();
            for (TaskSpec spec : specs) {
                records.add(cloneOrRun(spec, request));
            }
            return failed(records);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(
                parallel, task -> new Thread(task, node.name() + "-task-" + threads.getAndIncrement()));
        try {
            List<Future<TaskRecord>> running = new ArrayList<>();
            for (TaskSpec spec : specs) {
                running.add(workers.submit(() -> cloneOrRun(spec, request)));
            }
            List<TaskRecord> records = new ArrayList<>();
            IOException firstProblem = null;
            for (Future<TaskRecord> f : running) {
                try {
                    records.add(f.get());
                } catch (ExecutionException e) {
                    // the datastore failed under a task: the others still finish and commit their records
                    IOException problem = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                    if (firstProblem == null) {
                        firstProblem = problem;
                    } else {
                        firstProblem.addSuppressed(problem);
                    }
                }
            }
            if (firstProblem != null) {
                throw firstProblem;
            }
            return failed(records);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the tasks of " + node.name() + " ran", e);
        } finally {
            workers.shutdownNow();
        }
    }

    private int plan(String run, String step) throws IOException {
        FlowDatastore.PlanSummary summary = TaskPlan.write(graph, datastore, run, step);
        out.println(
                "planned " + summary.size() + " task" + (summary.size() == 1 ? "" : "s") + " of step " + step + " in "
                        + summary.chunks().size() + " chunk" + (summary.chunks().size() == 1 ? "" : "s"));
        out.flush();
        return SUCCEEDED;
    }

    /** Batch counts attempts from 1; records count from 0. Step Functions' retries, when given, number them. */
    private int attempt(StepRequest request) {
        if (request.retryCount() != null) {
            if (request.retryCount() < 0) {
                throw new IllegalArgumentException("--retry-count must be 0 or more, got " + request.retryCount());
            }
            return request.retryCount();
        }
        String batch = env.get(JOB_ATTEMPT);
        if (batch == null || batch.isBlank()) {
            if (request.attempt() < 0) {
                throw new IllegalArgumentException("--attempt must be 0 or more, got " + request.attempt());
            }
            return request.attempt();
        }
        try {
            int attempt = Integer.parseInt(batch.trim());
            if (attempt < 1) {
                throw new NumberFormatException();
            }
            return attempt - 1;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("$" + JOB_ATTEMPT + " must be a number from 1, got '" + batch + "'");
        }
    }

    /** The task {@code --task} names, or the array child's consecutive tasks of the chunk at {@code --chunk-offset}. */
    private List<String> tasks(StepRequest request, StepNode node) throws IOException {
        if (request.task() != null && request.chunkOffset() != null) {
            throw new IllegalArgumentException("give --task or --chunk-offset, not both");
        }
        if (request.task() != null) {
            if (!PathName.TASK.accepts(request.task())) {
                throw new IllegalArgumentException("--task: " + PathName.TASK.problem(request.task()));
            }
            return List.of(request.task());
        }
        if (request.chunkOffset() == null) {
            throw new IllegalArgumentException(
                    "step `" + node.name() + "` needs --task TASK_ID, --chunk-offset K or --plan");
        }
        if (request.chunkOffset() < 0) {
            throw new IllegalArgumentException("--chunk-offset must be 0 or more, got " + request.chunkOffset());
        }
        if (request.tasksPerChild() < 1) {
            throw new IllegalArgumentException("--tasks-per-child must be 1 or more, got " + request.tasksPerChild());
        }
        int index = 0;
        String indexText = env.get(ARRAY_INDEX);
        if (indexText != null && !indexText.isBlank()) {
            try {
                index = Integer.parseInt(indexText.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("$" + ARRAY_INDEX + " must be a number, got '" + indexText + "'");
            }
        }
        List<String> tasks = datastore
                .readPlan(request.run(), node.name())
                .orElseThrow(() -> new IllegalArgumentException(
                        "run " + request.run() + " has no plan for step " + node.name() + " in " + datastore.location()
                                + ": run `cairn step ... --step " + node.name() + " --plan` first"))
                .tasks();
        long first = request.chunkOffset() + (long) index * request.tasksPerChild();
        if (index < 0 || first >= tasks.size()) {
            throw new IllegalArgumentException("task " + first + " (--chunk-offset " + request.chunkOffset() + " + $"
                    + ARRAY_INDEX + " " + index + " x --tasks-per-child " + request.tasksPerChild()
                    + ") is outside the plan of step " + node.name() + ", which has " + tasks.size() + " tasks");
        }
        return tasks.subList((int) first, (int) Math.min(tasks.size(), first + request.tasksPerChild()));
    }

    /** The start step's run parameters: from --parameters, else the origin run's, else the defaults. */
    private Map<String, Object> parameters(StepRequest request) throws IOException {
        if (request.parametersJson() != null) {
            return RunParameters.resolve(graph, texts(request.parametersJson()));
        }
        if (request.originRun() != null) {
            RunRecord origin = datastore
                    .readRun(request.originRun())
                    .orElseThrow(() -> new IllegalArgumentException(
                            "--origin-run " + request.originRun() + " has no run record in " + datastore.location()));
            return origin.parameters() == null ? Map.of() : origin.parameters();
        }
        return RunParameters.resolve(graph, Map.of());
    }

    /** The execution input's parameters as the text a command line would give. */
    private Map<String, String> texts(String json) {
        JsonNode node;
        try {
            node = Json.RECORDS.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--parameters is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("--parameters must be a JSON object of parameter values, got " + json);
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                texts.put(field.getKey(), value.textValue());
            } else if (value.isNumber()) {
                // a number beyond a double's range (1e400) was read as infinity, which has no decimal form:
                // its text goes on to the parameter's own check, which names it
                texts.put(
                        field.getKey(),
                        value.isIntegralNumber()
                                ? value.bigIntegerValue().toString()
                                : Double.isFinite(value.doubleValue())
                                        ? value.decimalValue().toPlainString()
                                        : value.asText());
            } else if (value.isBoolean()) {
                texts.put(field.getKey(), Boolean.toString(value.booleanValue()));
            } else {
                throw new IllegalArgumentException("parameter --" + field.getKey()
                        + " must be a string, number or boolean in --parameters, got " + value);
            }
        }
        return texts;
    }

    /**
     * Writes the run record, unless an earlier attempt of the start job already did.
     *
     * <p>The record holds no lease ({@link RunRecord#leaseUntil} null), so readers never show a cloud run as
     * DIED. A lease needs one process living as long as the run to renew it; here each step is its own Batch
     * job, and between jobs (a queue wait, a retry's backoff) no process of the run lives at all, so any lease
     * would run out under a healthy run. The state machine drives the run and owns its status: a job killed
     * mid-task is retried, and when no job could write the end (one killed on its last attempt, one that never
     * started), the failed execution's last state records it ({@link #recordFailure}).
     */
    private void startRun(String run, Map<String, Object> parameters, String originRun) throws IOException {
        if (datastore.readRun(run).isEmpty()) {
            writeRunRecord(run, parameters, originRun);
        }
        if (originRun != null) {
            // again on a retry: an attempt may have died between the record and the mark
            datastore.markResumed(originRun, run);
        }
    }

    private void writeRunRecord(String run, Map<String, Object> parameters, String originRun) throws IOException {
        datastore.writeRun(new RunRecord(
                graph.name(),
                graph.project(),
                datastore.branch(),
                run,
                RunStatus.RUNNING,
                parameters,
                CodeVersion.of(graph.flowClass()),
                Instant.now(),
                null,
                originRun,
                null,
                null,
                System.getProperty("user.name")));
    }

    private TaskRecord cloneOrRun(TaskSpec spec, StepRequest request) throws IOException {
        Optional<TaskRecord> reusable = reusable(spec, request);
        if (reusable.isPresent()) {
            TaskRecord clone = reusable.get().cloneInto(spec.run());
            datastore.writeTask(clone);
            synchronized (out) {
                out.println("cairn: " + spec.step() + "/" + spec.task() + " succeeded in run " + request.originRun()
                        + ": cloned from " + clone.clonedFrom());
                out.flush();
            }
            return clone;
        }
        // what the task prints reaches the job's log (CloudWatch) as it prints it, not when it ends: a hung step
        // shows how far it got, and a job killed for its timeout or memory has shown all it printed; one echo per
        // task, so that tasks side by side in a child interleave whole lines only
        try (LiveEcho echo = new LiveEcho(out, err)) {
            return taskRunner().run(spec, echo);
        }
    }

    /** A job of one task: a retry of the job does not run a task that has succeeded again. */
    private TaskRecord runOnce(TaskSpec spec, StepRequest request) throws IOException {
        Optional<TaskRecord> done = spec.attempt() > 0 ? succeededBefore(spec) : Optional.empty();
        return done.isPresent() ? done.get() : cloneOrRun(spec, request);
    }

    /** This run's successful record of the task from an earlier attempt. */
    private Optional<TaskRecord> succeededBefore(TaskSpec spec) throws IOException {
        Optional<TaskRecord> done =
                datastore.latestTask(spec.run(), spec.step(), spec.task()).filter(TaskRecord::succeeded);
        done.ifPresent(r -> {
            out.println("cairn: " + spec.step() + "/" + spec.task() + " succeeded in attempt " + r.attemptNumber()
                    + " of run " + spec.run() + ": not run again");
            out.flush();
        });
        return done;
    }

    /** One runner for all tasks of the job: it keeps what they share (the run's parameters, the flow's methods). */
    private synchronized TaskRunner taskRunner() {
        if (taskRunner == null) {
            ArtifactStore artifacts = new ArtifactStore(
                    datastore.blobs(), Codecs.discover(graph.flowClass().getClassLoader()));
            taskRunner = new TaskRunner(graph, datastore, artifacts, CodeVersion.of(graph.flowClass()));
        }
        return taskRunner;
    }

    /** The origin run's successful record of this task, when the task need not run again. */
    private Optional<TaskRecord> reusable(TaskSpec spec, StepRequest request) throws IOException {
        if (request.originRun() == null) {
            return Optional.empty();
        }
        if (request.originFrom() != null
                && graph.downstreamOf(request.originFrom()).stream()
                        .anyMatch(n -> n.name().equals(spec.step()))) {
            return Optional.empty();
        }
        return datastore
                .latestTask(request.originRun(), spec.step(), spec.task())
                .filter(TaskRecord::succeeded);
    }

    private void finishRun(String run, RunStatus status, TaskRecord failed) throws IOException {
        Optional<RunRecord> record = datastore.readRun(run);
        if (record.isEmpty()) {
            // the start step never ran in this run: the task's own failure says so, nothing to finish
            err.println("cairn: run " + run + " has no run record in " + datastore.location() + "; it was not marked "
                    + status);
            err.flush();
            return;
        }
        datastore.writeRun(record.get()
                .finished(
                        status,
                        Instant.now(),
                        failed == null ? null : failed.pathspec(),
                        failed == null ? null : failed.error()));
    }
}
