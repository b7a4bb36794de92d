package dev.cairn.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.cli.CairnCli;
import dev.cairn.runtime.cloud.StepRunner;
import dev.cairn.runtime.datastore.s3.S3ObjectStore;
import dev.cairn.statemachines.StateMachineCompiler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The two task resources of a compiled state machine, served over HTTP to execute.mjs:
 * <ul>
 *   <li>{@code batch:submitJob.sync}: an emulated AWS Batch job. It runs the job's
 *       {@code ContainerOverrides.Command} ({@code cairn step ...}) through the real CLI in this JVM,
 *       once per array child ({@code ArrayProperties.Size}; absent: a plain job) with
 *       $AWS_BATCH_JOB_ARRAY_INDEX, $AWS_BATCH_JOB_ATTEMPT (from 1) and $CAIRN_S3_ENDPOINT set, each
 *       child tried up to {@code RetryStrategy.Attempts} times. A child that fails every attempt fails
 *       the job: {"error": "States.TaskFailed", "cause": ...}, as Step Functions reports a failed job.</li>
 *   <li>{@code aws-sdk:s3:getObject}: the object from s3proxy, as {"Body": text}.</li>
 * </ul>
 */
final class TaskHandler implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final HttpServer server;
    private final ExecutorService requests = Executors.newCachedThreadPool();
    private final ExecutorService children;
    private final S3Client s3;
    private final URI s3Endpoint;
    /** Every job run: state, the command (without "cairn"), array index, attempt, exit code. */
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

    TaskHandler(S3Client s3, URI s3Endpoint, int parallelChildren) throws IOException {
        this.s3 = s3;
        this.s3Endpoint = s3Endpoint;
        this.children = Executors.newFixedThreadPool(parallelChildren);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(requests);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode answer;
        try {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String resource = request.path("resource").asText();
            answer = switch (resource) {
                case StateMachineCompiler.BATCH_SYNC -> submitJobSync(request.path("state").asText(), request.path("input"));
                case StateMachineCompiler.S3_GET_OBJECT -> getObject(request.path("input"));
                default -> error("oracle.UnknownResource", "the oracle does not implement " + resource);
            };
        } catch (Exception e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            answer = error("oracle.HandlerError", trace.toString());
        }
        byte[] body = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private record ChildResult(int index, int attempts, int exitCode, String stdout, String stderr) {}

    private JsonNode submitJobSync(String state, JsonNode job) throws Exception {
        List<String> command = new ArrayList<>();
        job.path("ContainerOverrides").path("Command").forEach(arg -> command.add(arg.asText()));
        if (command.isEmpty()) {
            return error("States.TaskFailed", "job " + job.path("JobName").asText() + " of state " + state + " has no ContainerOverrides.Command");
        }
        if (command.getFirst().equals("cairn")) {
            command.removeFirst(); // the image's entry point
        }
        String[] args = command.toArray(String[]::new);
        JsonNode sizeNode = job.path("ArrayProperties").path("Size");
        boolean array = !sizeNode.isMissingNode();
        int size = array ? sizeNode.asInt() : 1;
        if (array && (size < 2 || size > StateMachineCompiler.MAX_ARRAY_SIZE)) {
            // what Batch's SubmitJob answers: array size must be between 2 and 10,000
            return error("Batch.ClientException", "ArrayProperties.Size " + size + " is outside 2..10000 (state " + state + ")");
        }
        int attempts = job.path("RetryStrategy").path("Attempts").asInt(1);
        List<Future<ChildResult>> results = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int index = i;
            results.add(children.submit(() -> runChild(state, args, array ? index : -1, attempts)));
        }
        int failed = 0;
        ChildResult firstFailure = null;
        for (Future<ChildResult> f : results) {
            ChildResult r = f.get();
            if (r.exitCode() != 0) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = r;
                }
            }
        }
        if (firstFailure != null) {
            return error("States.TaskFailed", "job " + job.path("JobName").asText() + " (state " + state + ") failed: "
                    + (array ? failed + " of " + size + " array children failed; child " + firstFailure.index() + ": " : "")
                    + "exit code " + firstFailure.exitCode() + " after " + firstFailure.attempts() + " attempt"
                    + (firstFailure.attempts() == 1 ? "" : "s") + "; stderr: " + firstFailure.stderr().strip());
        }
        ObjectNode description = F.objectNode();
        description.put("JobName", job.path("JobName").asText());
        description.put("JobId", UUID.randomUUID().toString());
        description.put("JobQueue", job.path("JobQueue").asText());
        description.put("JobDefinition", job.path("JobDefinition").asText());
        description.put("Status", "SUCCEEDED");
        if (array) {
            ObjectNode ap = description.putObject("ArrayProperties");
            ap.put("Size", size);
            ap.putObject("StatusSummary").put("SUCCEEDED", size).put("FAILED", 0);
        }
        return description;
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
            try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
                exit = CairnCli.execute(env, o, e, args);
            }
            log.add(state + " " + String.join(" ", args) + " index=" + index + " attempt=" + attempt + " exit=" + exit);
        }
        return new ChildResult(index, attempt, exit, out.toString(), err.toString());
    }

    private JsonNode getObject(JsonNode input) {
        String bucket = input.path("Bucket").asText();
        String key = input.path("Key").asText();
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            ObjectNode answer = F.objectNode();
            answer.put("Body", object.asString(StandardCharsets.UTF_8));
            answer.put("ContentLength", object.response().contentLength());
            answer.put("ContentType", object.response().contentType());
            return answer;
        } catch (NoSuchKeyException e) {
            return error("S3.NoSuchKeyException", "s3://" + bucket + "/" + key + ": " + e.getMessage());
        }
    }

    private static ObjectNode error(String name, String cause) {
        ObjectNode error = F.objectNode();
        error.put("error", name);
        error.put("cause", cause);
        return error;
    }

    @Override
    public void close() {
        server.stop(0);
        requests.shutdownNow();
        children.shutdownNow();
    }
}
