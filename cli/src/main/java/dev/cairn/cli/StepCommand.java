package dev.cairn.cli;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.cloud.CodePackage;
import dev.cairn.runtime.cloud.StepRequest;
import dev.cairn.runtime.cloud.StepRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * One step of a cloud run, as an AWS Batch job of the step-runner image runs it. The flow's state
 * machine calls it once per step (an array job when the step has several tasks); the work is in
 * {@link StepRunner}.
 */
@Command(
        name = "step",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run one step of a cloud run (an AWS Batch job started by the flow's state machine).",
            "With --plan, write the step's task ids; with --task, run one task of it; with --chunk-offset, an array"
                    + " child's tasks."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:the task succeeded (or its failure was caught), or the plan is written",
            "1:a task failed (step, task and error are printed)",
            "2:bad arguments; nothing ran"
        })
final class StepCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FLOW", description = "Simple class name of the flow, e.g. CountryModels.")
    String flow;

    @Mixin
    DatastoreOptions store;

    @Option(names = "--run", required = true, paramLabel = "RUN", description = "Run id (the execution's name).")
    String run;

    @Option(
            names = "--step",
            paramLabel = "STEP",
            description = "Step to plan or run (required, but with --record-failure).")
    String step;

    @Option(
            names = "--parameters",
            paramLabel = "JSON",
            description = "Start step only: the run's parameters as a JSON object (strings, numbers or booleans).")
    String parameters;

    @Option(names = "--plan", description = "Run nothing: write the step's task ids and their Batch array chunks.")
    boolean plan;

    @Option(
            names = "--chunk-offset",
            paramLabel = "K",
            description = "Array child: run the --tasks-per-child tasks of the step's plan from task"
                    + " K + $AWS_BATCH_JOB_ARRAY_INDEX x --tasks-per-child (index 0 when unset).")
    Integer chunkOffset;

    @Option(
            names = "--tasks-per-child",
            paramLabel = "N",
            description = "With --chunk-offset: tasks each array child runs, as many at a time as the step's vCPUs"
                    + " (the plan summary's; default: 1).")
    int tasksPerChild = 1;

    @Option(names = "--task", paramLabel = "TASK_ID", description = "Run this task, e.g. 0 or 0-3-7.")
    String task;

    @Option(
            names = "--origin-run",
            paramLabel = "RUN",
            description = "Resume: clone this run's successful record of the task instead of running it.")
    String originRun;

    @Option(
            names = "--origin-from",
            paramLabel = "STEP",
            description = "With --origin-run: run this step and all after it again.")
    String originFrom;

    @Option(names = "--end", description = "After the task, record the run as succeeded (the end step).")
    boolean end;

    @Option(
            names = "--attempt",
            paramLabel = "N",
            description =
                    "Attempt number when $AWS_BATCH_JOB_ATTEMPT is unset, counting from 1 as it does (default: 1).")
    int attempt = 1;

    @Option(
            names = "--retry-count",
            paramLabel = "N",
            description = {
                "Step Functions' retries of this job's state so far ($$.State.RetryCount): this is attempt N + 1,"
                        + " whatever $AWS_BATCH_JOB_ATTEMPT says (Batch retries only lost hosts)."
            })
    Integer retryCount;

    @Option(
            names = "--record-failure",
            paramLabel = "ERROR",
            description = {
                "Run no step: the execution failed with ERROR (its states' Catch); record the run FAILED unless a"
                        + " task's last attempt already did."
            })
    String recordFailure;

    @Override
    public Integer call() throws Exception {
        if (recordFailure != null && (step != null || plan || task != null || chunkOffset != null || end)) {
            throw new UserError("--record-failure runs no step: give it with --run only, not --step, --plan, --task,"
                    + " --chunk-offset or --end");
        }
        if (recordFailure == null && step == null) {
            throw new UserError("Missing required option: '--step=STEP'");
        }
        if (attempt < 1) {
            throw new UserError("--attempt counts from 1, as $AWS_BATCH_JOB_ATTEMPT does; got " + attempt);
        }
        FlowGraph graph = graph();
        FlowDatastore datastore = new FlowDatastore(store.objectStore(), graph.project(), store.branch(), graph.name());
        StepRunner runner = new StepRunner(
                graph,
                datastore,
                store.env,
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
        if (recordFailure != null) {
            return runner.recordFailure(run, recordFailure);
        }
        return runner.run(new StepRequest(
                run,
                step,
                parameters,
                plan,
                chunkOffset,
                task,
                originRun,
                originFrom,
                end,
                attempt - 1,
                tasksPerChild,
                retryCount));
    }

    /** The flow from the job's code package when it names one, else from this image's classpath. */
    private FlowGraph graph() throws IOException {
        CodePackage code;
        try {
            code = CodePackage.fromEnvironment(store.env, Path.of(System.getProperty("java.io.tmpdir"), "cairn-code"));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (code == null) {
            return RunCommand.graph(flow);
        }
        ClassLoader loader = code.classLoader(StepCommand.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader); // codecs registered by the flow's jar
        try {
            return FlowGraph.of(FlowLocator.find(flow, loader, List.of(code.jar())));
        } catch (dev.cairn.flow.internal.graph.InvalidFlowException e) {
            throw new UserError(e.getMessage());
        }
    }
}
