package dev.cairn.functions.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A handler run as Lambda's managed Java runtime runs it: a JVM of its own whose main class is the Java runtime
 * interface client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}, the RIC of Lambda's Java base
 * images), given the handler as {@code Class::method} and the Runtime API's address in {@code AWS_LAMBDA_RUNTIME_API};
 * the class path is this test's. Its standard output (where the router's log lines go) and error are files, so what
 * was written by a given moment can be read at that moment.
 */
public final class JavaRuntimeProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    /** Runs {@code handler} on this test's class path; output files go to {@code dir}, its working directory. */
    public JavaRuntimeProcess(String handler, Map<String, String> env, Path dir) {
        this(handler, env, dir, System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    }

    /** Runs {@code handler} on {@code classPath} (the RIC's jars and the deployment package). */
    public JavaRuntimeProcess(String handler, Map<String, String> env, Path dir, String classPath) {
        this.stdout = dir.resolve("stdout.log");
        this.stderr = dir.resolve("stderr.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        // Lambda's flags for Java
                        "-XX:+TieredCompilation",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "--enable-native-access=ALL-UNNAMED", // the RIC loads its JNI library (Runtime API client)
                        "-cp",
                        classPath,
                        "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                        handler)
                .directory(dir.toFile()) // the RIC loads the task root (its working directory) too: keep it empty
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the process wrote to standard output so far. */
    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    public boolean alive() {
        return process.isAlive();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
