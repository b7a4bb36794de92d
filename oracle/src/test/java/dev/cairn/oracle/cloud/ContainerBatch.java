package dev.cairn.oracle.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * AWS Batch's {@code SubmitJob} + wait, for the job definitions of a {@link Deployment}, run the way Batch
 * and ECS run them: each array child (or the one job) is a separate process started from the image's
 * ENTRYPOINT with the job's command as its CMD ({@link DockerfileImage}), in an environment holding only
 * what the job definition and Batch set (plus the container credentials endpoint ECS provides). Attempts
 * follow the retry strategy as Batch applies it: the one SubmitJob gives replaces the job definition's;
 * after a failed attempt the first matching {@code EvaluateOnExit} condition decides, and when none
 * matches the job is retried while attempts remain.
 *
 * <p>A job definition's {@code ReadonlyRootFilesystem} and its volumes are honoured as the container would have
 * them ({@link ContainerFilesystem}): the process sees this machine's files read-only, with a fresh empty folder
 * at each writable mount point, which is also its working directory and home when it is the image's WORKDIR.
 *
 * <p>Two things stand in for the network: {@code CAIRN_S3_ENDPOINT} points the S3 client at s3proxy, and
 * {@code AWS_EC2_METADATA_DISABLED} keeps the SDK from looking for an instance metadata service this
 * machine does not have (and must not call).
 */
public final class ContainerBatch {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** What Batch reports for a container that exited non-zero. */
    static final String EXITED = "Essential container in task exited";

    static final String TIMED_OUT = "Job attempt duration exceeded timeout";

    /** One attempt of one job or array child, as the oracle's tests read it. */
    public record Attempt(
            String jobName, int arrayIndex, int attempt, List<String> command, int exitCode, String stderr) {}

    private final Deployment deployment;
    private final Map<String, String> network;
    private final Path logs;
    private final ExecutorService children;
    public final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();

    /** @param network the stand-ins for the network: S3 endpoint, container credentials endpoint */
    public ContainerBatch(Deployment deployment, Map<String, String> network, Path logs, int parallelChildren) {
        this.deployment = deployment;
        this.network = Map.copyOf(network);
        this.logs = logs;
        this.children = Executors.newFixedThreadPool(parallelChildren);
    }

    /** The SubmitJob request's answer once the job ends: its description, or {"error", "cause"} as Step Functions reports it. */
    public JsonNode submitJobSync(String state, JsonNode request) throws Exception {
        String jobName = request.path("JobName").asText();
        String definitionArn = request.path("JobDefinition").asText();
        Deployment.Resource definition = deployment
                .byPhysicalId("AWS::Batch::JobDefinition", definitionArn)
                .orElse(null);
        if (definition == null) {
            return BatchAnswers.error(
                    "Batch.ClientException",
                    "Job definition " + definitionArn + " does not exist (state " + state + ")");
        }
        if (deployment
                .byPhysicalId("AWS::Batch::JobQueue", request.path("JobQueue").asText())
                .isEmpty()) {
            return BatchAnswers.error(
                    "Batch.ClientException",
                    "Job queue " + request.path("JobQueue").asText() + " does not exist (state " + state + ")");
        }
        JsonNode container =
                deployment.resolved(definition, definition.properties().path("ContainerProperties"));
        if (container.has("Secrets") && !container.path("Secrets").isEmpty()) {
            return BatchAnswers.error(
                    "States.TaskFailed",
                    "job definition " + definitionArn + " injects secrets; the oracle has no Secrets Manager");
        }
        DockerfileImage image = deployment.image(container.path("Image").asText());
        ContainerFilesystem filesystem;
        try {
            filesystem = ContainerFilesystem.of(container);
        } catch (IllegalArgumentException e) {
            return BatchAnswers.error("States.TaskFailed", "job definition " + definitionArn + ": " + e.getMessage());
        }
        JsonNode overrides = request.path("ContainerOverrides");
        // the SubmitJob override replaces the job definition's command, which replaces the image's CMD
        JsonNode commandNode = overrides.has("Command") ? overrides.get("Command") : container.get("Command");
        List<String> command = null;
        if (commandNode != null) {
            // Batch's parameter substitution: a "Ref::name" argument takes the SubmitJob request's parameter, else
            // the job definition's default; one with neither stays as it is
            Map<String, String> parameters = new LinkedHashMap<>();
            deployment
                    .resolved(definition, definition.properties().path("Parameters"))
                    .properties()
                    .forEach(e -> parameters.put(e.getKey(), e.getValue().asText()));
            request.path("Parameters")
                    .properties()
                    .forEach(e -> parameters.put(e.getKey(), e.getValue().asText()));
            command = new ArrayList<>();
            for (JsonNode arg : commandNode) {
                String text = arg.asText();
                command.add(text.startsWith("Ref::") ? parameters.getOrDefault(text.substring(5), text) : text);
            }
        }
        Map<String, String> environment = new LinkedHashMap<>();
        container
                .path("Environment")
                .forEach(e ->
                        environment.put(e.path("Name").asText(), e.path("Value").asText()));
        overrides
                .path("Environment")
                .forEach(e ->
                        environment.put(e.path("Name").asText(), e.path("Value").asText()));
        JsonNode retry = request.has("RetryStrategy")
                ? request.get("RetryStrategy")
                : deployment.resolved(definition, definition.properties().path("RetryStrategy"));
        long timeoutSeconds = request.path("Timeout")
                .path("AttemptDurationSeconds")
                .asLong(deployment
                        .resolved(
                                definition,
                                definition.properties().path("Timeout").path("AttemptDurationSeconds"))
                        .asLong(0));

        JsonNode sizeNode = request.path("ArrayProperties").path("Size");
        boolean array = !sizeNode.isMissingNode();
        int size = array ? sizeNode.asInt() : 1;
        ObjectNode refused = BatchAnswers.arraySizeRefusal(array, size, state);
        if (refused != null) {
            return refused;
        }
        String jobId = UUID.randomUUID().toString();
        Job job = new Job(
                jobName,
                jobId,
                request.path("JobQueue").asText(),
                image,
                filesystem,
                command,
                environment,
                retry,
                timeoutSeconds);
        List<Future<Attempt>> results = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int index = array ? i : -1;
            results.add(children.submit(() -> runChild(job, index)));
        }
        List<BatchAnswers.ChildEnd> ends = new ArrayList<>();
        for (Future<Attempt> f : results) {
            Attempt last = f.get();
            ends.add(new BatchAnswers.ChildEnd(last.arrayIndex(), last.attempt(), last.exitCode(), last.stderr()));
        }
        return BatchAnswers.ended(jobName, jobId, job.queue(), definitionArn, state, array, ends);
    }

    private record Job(
            String name,
            String id,
            String queue,
            DockerfileImage image,
            ContainerFilesystem filesystem,
            List<String> command,
            Map<String, String> environment,
            JsonNode retry,
            long timeoutSeconds) {
        /** Batch's attempts: the retry strategy's, one without. */
        int attempts() {
            return retry.path("Attempts").asInt(1);
        }
    }

    private Attempt runChild(Job job, int index) throws Exception {
        Attempt last = null;
        for (int attempt = 1; attempt <= job.attempts(); attempt++) {
            last = runAttempt(job, index, attempt);
            attempts.add(last);
            if (last.exitCode() == 0) {
                return last;
            }
            String statusReason = last.exitCode() == TIMEOUT_EXIT ? TIMED_OUT : EXITED;
            if (exitsOn(job.retry(), last.exitCode(), statusReason, "")) {
                return last;
            }
        }
        return last;
    }

    /** Exit code the oracle gives an attempt it stopped at its timeout (Batch reports a status reason instead). */
    static final int TIMEOUT_EXIT = 137;

    private Attempt runAttempt(Job job, int index, int attempt) throws IOException, InterruptedException {
        List<String> argv = job.image()
                .commandLine(
                        job.command(),
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path workdir = Files.createTempDirectory(logs, "container-");
        // with a read-only root, the command runs in the image's WORKDIR, which must be one of its writable folders:
        // the step-runner images' user has its home there too (useradd --home-dir /tmp)
        boolean sealed = job.filesystem().readOnlyRoot();
        String home = sealed ? job.image().workdir() : workdir.toString();
        if (sealed && !job.filesystem().writable().contains(home)) {
            throw new IllegalStateException("the image's WORKDIR " + home + " is read-only in job " + job.name()
                    + ": give the job definition a volume there (writable: "
                    + job.filesystem().writable() + ")");
        }
        ProcessBuilder builder = new ProcessBuilder(
                        job.filesystem().wrap(argv, home, job.image().copies().values()))
                .directory(workdir.toFile());
        Map<String, String> env = builder.environment();
        env.clear(); // a container sees the image's and the job's variables, never the host's
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", home);
        env.put("HOSTNAME", "ip-10-0-0-1");
        env.putAll(job.environment());
        env.put("AWS_BATCH_JOB_ID", job.id() + (index >= 0 ? ":" + index : ""));
        env.put("AWS_BATCH_JOB_ATTEMPT", Integer.toString(attempt));
        env.put("AWS_BATCH_JQ_NAME", job.queue().substring(job.queue().lastIndexOf('/') + 1));
        env.put("AWS_BATCH_CE_NAME", "oracle-ce");
        if (index >= 0) {
            env.put("AWS_BATCH_JOB_ARRAY_INDEX", Integer.toString(index));
        }
        env.put("AWS_EXECUTION_ENV", "AWS_ECS_EC2");
        env.putAll(network);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        String base = job.name() + (index >= 0 ? "-" + index : "") + "-attempt" + attempt + "-"
                + job.id().substring(0, 8);
        Path stdout = logs.resolve(base + ".out");
        Path stderr = logs.resolve(base + ".err");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Process process = builder.start();
        int exit;
        if (job.timeoutSeconds() > 0 && !process.waitFor(job.timeoutSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            exit = TIMEOUT_EXIT;
        } else {
            exit = process.waitFor();
        }
        return new Attempt(job.name(), index, attempt, argv, exit, Files.readString(stderr, StandardCharsets.UTF_8));
    }

    /**
     * Whether Batch stops after this failed attempt: the first {@code EvaluateOnExit} condition whose every
     * field matches decides; none matching means retry (Batch's rule). Patterns may end with {@code *}.
     */
    static boolean exitsOn(JsonNode retry, int exitCode, String statusReason, String reason) {
        for (JsonNode condition : retry.path("EvaluateOnExit")) {
            boolean matches = glob(condition.path("OnExitCode"), Integer.toString(exitCode))
                    && glob(condition.path("OnStatusReason"), statusReason)
                    && glob(condition.path("OnReason"), reason);
            if (matches) {
                return "EXIT".equalsIgnoreCase(condition.path("Action").asText());
            }
        }
        return false;
    }

    private static boolean glob(JsonNode pattern, String value) {
        if (pattern.isMissingNode()) {
            return true;
        }
        String p = pattern.asText();
        return p.endsWith("*") ? value.startsWith(p.substring(0, p.length() - 1)) : value.equals(p);
    }

    public void close() {
        children.shutdownNow();
    }
}
