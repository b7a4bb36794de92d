package dev.cairn.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.oracle.cloud.BatchAnswers;
import dev.cairn.oracle.cloud.IamPolicies;
import dev.cairn.statemachines.StateMachineCompiler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The two task resources of a compiled state machine, served over HTTP to execute.mjs:
 * <ul>
 *   <li>{@code batch:submitJob.sync}: AWS Batch, as the given {@link Batch} runs it ({@link InJvmBatch}, or
 *       {@link dev.cairn.oracle.cloud.ContainerBatch} for the deployed job definitions).</li>
 *   <li>{@code aws-sdk:s3:getObject}: the object from s3proxy, as {"Body": text}.</li>
 * </ul>
 * When the handler URL names the execution's role ({@link #url(String)}), each call is first authorized
 * as Step Functions' call would be: {@code batch:SubmitJob} on the job definition and the job queue,
 * {@code s3:GetObject} on the object, evaluated against the role's deployed policies.
 */
final class TaskHandler implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** SubmitJob and wait for the job's end: its description, or {"error", "cause"}. */
    @FunctionalInterface
    interface Batch {
        JsonNode submitJobSync(String state, JsonNode request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService requests = Executors.newCachedThreadPool();
    private final S3Client s3;
    private final Batch batch;
    private final IamPolicies iam;

    /** @param iam the deployment's policies; null when the definitions run are not deployed ones */
    TaskHandler(S3Client s3, Batch batch, IamPolicies iam) throws IOException {
        this.s3 = s3;
        this.batch = batch;
        this.iam = iam;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(requests);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** The URL for an execution whose state machine runs as {@code roleArn}: its calls are authorized. */
    String url(String roleArn) {
        return url() + "?role=" + URLEncoder.encode(roleArn, StandardCharsets.UTF_8);
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode answer;
        try {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String resource = request.path("resource").asText();
            JsonNode input = request.path("input");
            String query = exchange.getRequestURI().getRawQuery();
            String role = query != null && query.startsWith("role=")
                    ? URLDecoder.decode(query.substring(5), StandardCharsets.UTF_8)
                    : null;
            String denied = role == null
                    ? null
                    : switch (resource) {
                        case StateMachineCompiler.BATCH_SYNC -> {
                            String submit = denied(
                                    role,
                                    "batch:SubmitJob",
                                    input.path("JobDefinition").asText(),
                                    input.path("JobQueue").asText());
                            yield submit != null ? submit : deniedTags(role, input);
                        }
                        case StateMachineCompiler.S3_GET_OBJECT ->
                            denied(
                                    role,
                                    "s3:GetObject",
                                    "arn:aws:s3:::" + input.path("Bucket").asText() + "/"
                                            + input.path("Key").asText());
                        default -> null;
                    };
            answer = denied != null
                    ? BatchAnswers.error(
                            resource.contains("batch") ? "Batch.AWSBatchException" : "S3.S3Exception", denied)
                    : switch (resource) {
                        case StateMachineCompiler.BATCH_SYNC ->
                            batch.submitJobSync(request.path("state").asText(), input);
                        case StateMachineCompiler.S3_GET_OBJECT -> getObject(input);
                        default ->
                            BatchAnswers.error("oracle.UnknownResource", "the oracle does not implement " + resource);
                    };
        } catch (Exception e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            answer = BatchAnswers.error("oracle.HandlerError", trace.toString());
        }
        byte[] body = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private JsonNode getObject(JsonNode input) {
        String bucket = input.path("Bucket").asText();
        String key = input.path("Key").asText();
        try {
            ResponseBytes<GetObjectResponse> object =
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            ObjectNode answer = F.objectNode();
            answer.put("Body", object.asString(StandardCharsets.UTF_8));
            answer.put("ContentLength", object.response().contentLength());
            answer.put("ContentType", object.response().contentType());
            return answer;
        } catch (NoSuchKeyException e) {
            return BatchAnswers.error("S3.NoSuchKeyException", "s3://" + bucket + "/" + key + ": " + e.getMessage());
        }
    }

    /**
     * Null when a SubmitJob carries no tags or {@code role} may tag the new job with them: Batch checks
     * {@code batch:TagResource} on the job, with the request's tags as {@code aws:RequestTag/*} and
     * {@code aws:TagKeys}; a new job has no tags of its own yet.
     */
    private String deniedTags(String role, JsonNode submitJob) {
        JsonNode tags = submitJob.path("Tags");
        if (tags.isEmpty()) {
            return null;
        }
        Map<String, String> context = new java.util.LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        tags.properties().forEach(t -> {
            context.put("aws:RequestTag/" + t.getKey(), t.getValue().asText());
            keys.add(t.getKey());
        });
        context.put("aws:TagKeys", String.join(IamPolicies.MULTI_VALUE_SEPARATOR, keys));
        // arn:aws:batch:<region>:<account>:job-queue/<name> -> the job's ARN in the same region and account
        String queue = submitJob.path("JobQueue").asText();
        String job = queue.substring(0, queue.lastIndexOf(':') + 1) + "job/" + java.util.UUID.randomUUID();
        IamPolicies.Decision d = iam.evaluate(new IamPolicies.Request(role, "batch:TagResource", job, context));
        return d.allowed() ? null : "AccessDeniedException: " + d.explanation();
    }

    /** Null when {@code role} may call {@code action} on every resource; else AWS's AccessDenied message. */
    private String denied(String role, String action, String... resources) {
        for (String resource : resources) {
            IamPolicies.Decision d = iam.evaluate(new IamPolicies.Request(role, action, resource, Map.of()));
            if (!d.allowed()) {
                return "AccessDeniedException: " + d.explanation();
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        requests.shutdownNow();
    }
}
