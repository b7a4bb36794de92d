package dev.cairn.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CairnCli;
import dev.cairn.datastore.s3.S3ObjectStore;
import dev.cairn.oracle.cloud.BatchAnswers;
import dev.cairn.runtime.cloud.StepRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The fast stand-in for AWS Batch, for definitions compiled straight from a flow (not deployed): each job's
 * {@code ContainerOverrides.Command} runs through the real CLI in this JVM, once per array child
 * ({@code ArrayProperties.Size}; absent: a plain job) with $AWS_BATCH_JOB_ARRAY_INDEX, $AWS_BATCH_JOB_ATTEMPT
 * (from 1) and the S3 endpoint set, each child tried up to {@code RetryStrategy.Attempts} times. A child that
 * fails every attempt fails the job: {"error": "States.TaskFailed", "cause": ...}, as Step Functions reports a
 * failed job. What it skips (the image, the job definition, Batch's retry conditions) is what
 * {@link dev.cairn.oracle.cloud.ContainerBatch} checks.
 */
final class InJvmBatch implements TaskHandler.Batch, AutoCloseable {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ExecutorService children;
    private final URI s3Endpoint;
    /** Every job run: state, the command, array index, attempt, exit code. */
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    /**
     * Jobs Batch loses, as {@code "<state> <run>"}: each fails without its container running (its host was
     * terminated, it was killed before it wrote anything), so no step runner records the failure.
     */
    final Set<String> lost = ConcurrentHashMap.newKeySet();

    InJvmBatch(URI s3Endpoint, int parallelChildren) {
        this.s3Endpoint = s3Endpoint;
        this.children = Executors.newFixedThreadPool(parallelChildren);
    }

    private record ChildResult(int index, int attempts, int exitCode, String stdout, String stderr) {}

    @Override
    public JsonNode submitJobSync(String state, JsonNode job) throws Exception {
        List<String> command = new ArrayList<>();
        job.path("ContainerOverrides").path("Command").forEach(arg -> command.add(arg.asText()));
        if (command.isEmpty()) {
            return BatchAnswers.error(
                    "States.TaskFailed",
                    "job " + job.path("JobName").asText() + " of state " + state
                            + " has no ContainerOverrides.Command");
        }
        String[] args = command.toArray(String[]::new);
        int run = command.indexOf("--run");
        if (run >= 0 && run + 1 < command.size() && lost.contains(state + " " + command.get(run + 1))) {
            log.add(state + " " + String.join(" ", args) + " lost");
            return BatchAnswers.error(
                    "States.TaskFailed",
                    "job " + job.path("JobName").asText() + " of state " + state
                            + " failed: Host EC2 (instance i-0stand1n) terminated.");
        }
        JsonNode sizeNode = job.path("ArrayProperties").path("Size");
        boolean array = !sizeNode.isMissingNode();
        int size = array ? sizeNode.asInt() : 1;
        ObjectNode refused = BatchAnswers.arraySizeRefusal(array, size, state);
        if (refused != null) {
            return refused; // what Batch's SubmitJob answers
        }
        int attempts = job.path("RetryStrategy").path("Attempts").asInt(1);
        List<Future<ChildResult>> results = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int index = i;
            results.add(children.submit(() -> runChild(state, args, array ? index : -1, attempts)));
        }
        List<BatchAnswers.ChildEnd> ends = new ArrayList<>();
        for (Future<ChildResult> f : results) {
            ChildResult r = f.get();
            ends.add(new BatchAnswers.ChildEnd(r.index(), r.attempts(), r.exitCode(), r.stderr()));
        }
        return BatchAnswers.ended(
                job.path("JobName").asText(),
                UUID.randomUUID().toString(),
                job.path("JobQueue").asText(),
                job.path("JobDefinition").asText(),
                state,
                array,
                ends);
    }

    private ChildResult runChild(String state, String[] args, int index, int attempts) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = -1;
        int attempt = 0;
        while (attempt < attempts && exit != 0) {
            attempt++;
            Map<String, String> env = new HashMap<>();
            env.put(S3ObjectStore.ENDPOINT_ENV, s3Endpoint.toString());
            env.put("AWS_REGION", "us-east-1");
            env.put(StepRunner.JOB_ATTEMPT, Integer.toString(attempt));
            if (index >= 0) {
                env.put(StepRunner.ARRAY_INDEX, Integer.toString(index));
            }
            err.getBuffer().setLength(0);
            try (PrintWriter o = new PrintWriter(out, true);
                    PrintWriter e = new PrintWriter(err, true)) {
                exit = CairnCli.execute(env, o, e, args);
            }
            log.add(state + " " + String.join(" ", args) + " index=" + index + " attempt=" + attempt + " exit=" + exit);
        }
        return new ChildResult(index, attempt, exit, out.toString(), err.toString());
    }

    @Override
    public void close() {
        children.shutdownNow();
    }
}
