package dev.cairn.cli;

import dev.cairn.cards.ArtifactPreview;
import dev.cairn.cards.HumanTime;
import dev.cairn.cards.TextTable;
import dev.cairn.client.Task;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.flow.StepError;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code cairn show} of one task: status, timing, error, artifacts with previews, attempts, and where its logs are. */
final class TaskView {
    private static final int STACK_LINES = 8;

    private TaskView() {}

    /**
     * @param flow the flow as the user named it, for the commands suggested
     * @return why artifacts could not be read (a damaged or missing blob), one message each; empty when all could
     */
    static List<String> print(PrintWriter out, Task task, String flow) {
        String path = flow + "/" + task.runId() + "/" + task.step() + "/" + task.id();
        out.printf("Task %s: %s (attempt %d)%n", path, task.status(), task.attempt());
        out.printf("  started   %s%n", HumanTime.at(task.startedAt()));
        out.printf("  took      %s%n", HumanTime.took(task.duration()));
        task.clonedFromShown().ifPresent(from -> out.printf("  reused    from %s, taken over by resume%n", from));
        StepError error = task.error();
        if (error != null) {
            out.printf("  error     %s%s%n", error, task.status() == TaskStatus.SUCCEEDED ? " (caught by @Catch)" : "");
            if (task.status() == TaskStatus.FAILED && error.stackTrace() != null) {
                error.stackTrace()
                        .lines()
                        .skip(1)
                        .takeWhile(line -> !runtimeFrame(line))
                        .limit(STACK_LINES)
                        .forEach(line -> out.println("            " + line.strip()));
            }
        }
        List<String> problems = artifacts(out, task);
        attempts(out, task);
        logs(out, task, path);
        return problems;
    }

    /** Where the user's code ends and Cairn's (or reflection's) begins: frames nobody needs to read. */
    private static boolean runtimeFrame(String line) {
        String frame = line.strip();
        return frame.startsWith("at dev.cairn.runtime.")
                || frame.contains("jdk.internal.reflect.")
                || frame.contains("java.lang.reflect.Method.invoke");
    }

    private static List<String> artifacts(PrintWriter out, Task task) {
        out.println();
        if (task.artifactNames().isEmpty()) {
            out.println("Artifacts: none");
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        out.printf("Artifacts (%d):%n", task.artifactNames().size());
        int width = task.artifactNames().stream().mapToInt(String::length).max().orElse(0);
        String indent = " ".repeat(width + 4);
        for (String name : task.artifactNames()) {
            ArtifactPreview.Preview preview = ArtifactPreview.of(task, name);
            out.printf(
                    "  %-" + width + "s  %s%n",
                    name,
                    preview.summary() + (preview.table().isEmpty() ? "" : ":"));
            preview.table().forEach(line -> out.println(indent + line));
            if (preview.problem() != null) {
                problems.add(preview.problem());
            }
        }
        return problems;
    }

    private static void attempts(PrintWriter out, Task task) {
        List<Task> attempts = task.attempts();
        if (attempts.size() < 2) {
            return;
        }
        out.println();
        out.printf("Attempts (%d):%n", attempts.size());
        TextTable table = new TextTable(List.of("attempt", "status", "started", "took", "error"));
        for (Task a : attempts) {
            table.row(List.of(
                    String.valueOf(a.attempt()),
                    a.status().name(),
                    HumanTime.at(a.startedAt()),
                    HumanTime.took(a.duration()),
                    a.error() == null ? "-" : a.error().toString()));
        }
        table.lines("  ").forEach(out::println);
    }

    private static void logs(PrintWriter out, Task task, String path) {
        out.println();
        boolean stdout = task.record().stdout() != null;
        boolean stderr = task.record().stderr() != null;
        if (!stdout && !stderr) {
            out.println("Logs: the task printed nothing.");
            return;
        }
        String what = stdout && stderr ? "stdout and stderr" : stdout ? "stdout" : "stderr";
        out.printf(
                "Logs (%s): %s logs %s%s%n",
                what,
                CairnCli.command(),
                path,
                task.attempts().size() > 1 ? "   (an earlier attempt: --attempt N)" : "");
    }
}
