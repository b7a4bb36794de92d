package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code cairn ARGS...} as a separate JVM with its own options (a small heap, say), run to its end: what it
 * printed is what a terminal would have shown.
 */
record CliProcess(int exitCode, String out, String err) {

    static CliProcess run(Path workdir, List<String> jvmOptions, Map<String, String> env, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = command(jvmOptions, args);
        Path out = Files.createTempFile(workdir, "cli-", ".out");
        Path err = Files.createTempFile(workdir, "cli-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        CliProcess finished = new CliProcess(
                ended ? process.exitValue() : -1,
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        assertTrue(ended, "cairn " + args + " did not end within 120 s\n" + finished);
        return finished;
    }

    /** The command line of {@code cairn ARGS...} in a JVM of its own, as {@code ./cairn} starts it. */
    static List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED"); // as ./cairn: Arrow artifacts
        command.add("-XX:+IgnoreUnrecognizedVMOptions");
        command.add("--sun-misc-unsafe-memory-access=allow"); // JDK 24+: Arrow's Unsafe, without a warning
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CairnCli.class.getName()));
        command.addAll(args);
        return command;
    }

    String printed() {
        return out + err;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
