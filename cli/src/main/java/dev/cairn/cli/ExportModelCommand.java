package dev.cairn.cli;

import dev.cairn.client.CairnClient;
import dev.cairn.client.FlowRuns;
import dev.cairn.client.Run;
import dev.cairn.client.RunStep;
import dev.cairn.client.Task;
import dev.cairn.datastore.RunStatus;
import dev.cairn.serving.ExportedModel;
import dev.cairn.serving.ModelExport;
import dev.cairn.serving.ModelManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "export-model",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Pack a task's artifact as a model archive (model.tar.gz) for the serving container.",
            "The archive holds manifest.json and the artifact's bytes. It is stored",
            "beside the datastore, under <datastore>-models (s3://bucket/cairn has",
            "s3://bucket/cairn-models, outside the run data that expires), at",
            "  <project>/<branch>/<Flow>/<run>/<step>/<task>/<artifact>/model.tar.gz",
            "(on S3, that URL is the SageMaker model's ModelDataUrl).",
            "The artifact's type must implement dev.cairn.flow.serving.Predictor or",
            "Predictor.Source, and the flow's classes must be on the classpath",
            "(CAIRN_CLASSPATH). TASK may be left out for a step with one task.",
            "RUN may be `latest` (whatever its status) or `latest-successful`.",
            "",
            "Example:",
            "  cairn export-model CountryModels/latest-successful/bestPerCountry/0-0 best \\",
            "      --out model.tar.gz",
            ""
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:exported",
            "1:the datastore could not be read or written, or the artifact's blob is damaged or missing",
            "2:bad arguments, no such flow, run, step, task or artifact, or an artifact that cannot be served"
        })
final class ExportModelCommand implements Callable<Integer> {
    static final String USAGE = "FLOW/RUN/STEP[/TASK]";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = USAGE,
            description = "The task holding the model, e.g. CountryModels/latest/bestPerCountry/0-0.")
    String path;

    @Parameters(index = "1", paramLabel = "ARTIFACT", description = "The artifact to export, e.g. best.")
    String artifact;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the archive to this local file.")
    Path out;

    @Mixin
    DatastoreOptions store;

    @Override
    public Integer call() throws IOException {
        CairnClient client = store.client();
        Pathspec target = Pathspec.parse(client, path, 2, 3, USAGE);
        Run run = client.flow(target.flow()).run(target.run());
        Task task = succeededTask(run, target);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ExportedModel exported = new ModelExport(
                        store.objectStore(),
                        loader != null ? loader : getClass().getClassLoader())
                .export(task, artifact, out);
        print(spec.commandLine().getOut(), exported);
        return 0;
    }

    private void print(PrintWriter printer, ExportedModel exported) {
        ModelManifest m = exported.manifest();
        printer.printf(
                "Exported %s (%s, codec %s) as a %,d-byte model archive%n",
                m.model(), m.valueType(), m.codec(), exported.archiveBytes());
        printer.printf("  location  %s%n", exported.location());
        if (out != null) {
            printer.printf("  copy      %s%n", out.toAbsolutePath().normalize());
        }
        printer.printf("  project   %s, branch %s%n", m.project(), m.branch());
        printer.printf("  sha256    %s%n", m.sha256());
        printer.printf("  code      %s%n", m.codeVersion());
        printer.printf("  exported  %s%n", m.exportedAt());
        printer.flush();
    }

    /**
     * The task to export from, which must have succeeded: a failed run may lack the step, or hold a failed attempt,
     * and then the error says the run failed and names the newest run that succeeded instead.
     */
    private Task succeededTask(Run run, Pathspec target) {
        try {
            RunStep step = run.step(target.step());
            Task task = target.task() == null ? onlyTask(step) : step.task(target.task());
            if (task.succeeded()) {
                return task;
            }
            throw notSucceeded(run, target, "its task " + task.pathspec() + " is " + task.status());
        } catch (IllegalArgumentException | UserError e) {
            if (run.status() == RunStatus.SUCCEEDED) {
                throw e;
            }
            throw notSucceeded(run, target, e.getMessage());
        }
    }

    private UserError notSucceeded(Run run, Pathspec target, String what) {
        String failure = run.failedTask()
                .map(t -> " at step " + t.step() + ", task " + t.id() + " (" + t.error() + ")")
                .orElse("");
        String path = String.join(
                "/",
                target.flow(),
                FlowRuns.LATEST_SUCCESSFUL,
                target.step() + (target.task() == null ? "" : "/" + target.task()));
        return new UserError("run " + target.flow() + "/" + run.id()
                + (target.run().equals(run.id()) ? "" : " (" + target.run() + ")") + " " + run.status() + failure
                + "; " + what + ". Export from the newest run that succeeded: " + CairnCli.command()
                + " export-model " + path + " " + artifact);
    }

    private static Task onlyTask(RunStep step) {
        try {
            return step.task();
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
    }
}
