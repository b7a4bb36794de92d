package dev.cairn.serving.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.formats.Json;
import dev.cairn.serving.HttpAnswer;
import dev.cairn.serving.HttpCall;
import dev.cairn.serving.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SageMaker runtime on localhost: speaks the InvokeEndpoint REST shape
 * ({@code POST /endpoints/{name}/invocations}, {@code X-Amzn-SageMaker-Target-Variant}) and forwards to
 * each variant's model server ({@code POST /invocations}), as SageMaker forwards to its containers. It
 * refuses unsigned requests the way AWS does, so the router's signing path is exercised, and answers a
 * model error with SageMaker's 424 {@code ModelError} shape.
 */
final class LocalSageMaker implements AutoCloseable {
    static final String TARGET_VARIANT = "X-Amzn-SageMaker-Target-Variant";
    static final String INVOKED_VARIANT = "X-Amzn-Invoked-Production-Variant";
    /** SageMaker's InvokeEndpoint payload limit. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    private final Map<String, Map<String, URI>> endpoints;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpServer server;

    private LocalSageMaker(Map<String, Map<String, URI>> endpoints) {
        this.endpoints = endpoints;
    }

    /** @param endpoints endpoint name -> variant name -> the variant's model server ({@code http://host:port}) */
    static LocalSageMaker start(Map<String, Map<String, URI>> endpoints, InetAddress host) throws IOException {
        LocalSageMaker sageMaker = new LocalSageMaker(Map.copyOf(endpoints));
        sageMaker.server = HttpServer.start(
                new InetSocketAddress(host, 0),
                "cairn-local-sagemaker-",
                new HttpServer.BodyLimit(
                        MAX_PAYLOAD_BYTES,
                        size -> answer(
                                413,
                                Map.of(
                                        "ErrorCode",
                                        "ValidationError",
                                        "message",
                                        "payload over " + MAX_PAYLOAD_BYTES + " bytes"),
                                null)),
                sageMaker::answer);
        return sageMaker;
    }

    URI url() {
        return LocalServing.url(server.address());
    }

    InetSocketAddress address() {
        return server.address();
    }

    private HttpAnswer answer(HttpCall call) throws InterruptedException {
        String[] path = call.target().getRawPath().split("/");
        if (path.length != 4 || !path[1].equals("endpoints") || !path[3].equals("invocations")) {
            return answer(
                    404, Map.of("message", "no such operation: " + call.target().getPath()), null);
        }
        if (!call.method().equals("POST")) {
            return answer(405, Map.of("message", "InvokeEndpoint is POST"), null);
        }
        String authorization = call.header("Authorization");
        if (authorization == null
                || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")
                || !authorization.contains("/sagemaker/aws4_request")
                || call.header("X-Amz-Date") == null) {
            return answer(
                    403,
                    Map.of("message", "Missing Authentication Token: requests must be SigV4-signed for sagemaker"),
                    null);
        }
        String endpoint = URLDecoder.decode(path[2], StandardCharsets.UTF_8);
        Map<String, URI> variants = endpoints.get(endpoint);
        if (variants == null) {
            return answer(
                    400,
                    Map.of("ErrorCode", "ValidationError", "message", "Endpoint " + endpoint + " not found."),
                    null);
        }
        String variant = call.header(TARGET_VARIANT);
        if (variant == null) {
            List<String> names = List.copyOf(variants.keySet());
            variant = names.get(ThreadLocalRandom.current().nextInt(names.size()));
        } else if (!variants.containsKey(variant)) {
            return answer(
                    400,
                    Map.of(
                            "ErrorCode",
                            "ValidationError",
                            "message",
                            "Target variant " + variant + " not found for endpoint " + endpoint + "; it has "
                                    + variants.keySet()),
                    null);
        }
        return forward(call, variant, variants.get(variant));
    }

    private HttpAnswer forward(HttpCall call, String variant, URI server) throws InterruptedException {
        String contentType = call.header("Content-Type");
        String accept = call.header("Accept");
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/invocations"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()))
                .header("Content-Type", contentType == null ? "application/json" : contentType);
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // the cause (which may name a class) goes to the log; the caller learns which variant did not answer
            System.err.println("cairn local SageMaker: request " + call.requestId() + " to variant " + variant + " at "
                    + server + " failed: " + e);
            return modelError(variant, 500, "model server unreachable (request id " + call.requestId() + ")");
        }
        if (answer.statusCode() / 100 != 2) {
            return modelError(variant, answer.statusCode(), new String(answer.body(), StandardCharsets.UTF_8));
        }
        return HttpAnswer.of(200, answer.headers().firstValue("Content-Type").orElse("application/json"), answer.body())
                .with(INVOKED_VARIANT, variant);
    }

    /** SageMaker's answer when the container fails: 424 ModelError naming the original status and message. */
    private static HttpAnswer modelError(String variant, int status, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("ErrorCode", status / 100 == 4 ? "CLIENT_ERROR_FROM_MODEL" : "SERVER_ERROR_FROM_MODEL");
        error.put("OriginalStatusCode", status);
        error.put("OriginalMessage", message);
        error.put(
                "Message",
                "Received " + (status / 100 == 4 ? "client" : "server") + " error (" + status + ") from " + variant
                        + " with message \"" + message + "\"");
        return answer(424, error, variant);
    }

    private static HttpAnswer answer(int status, Map<String, ?> body, String variant) {
        HttpAnswer answer;
        try {
            answer = HttpAnswer.of(status, "application/json", Json.PLAIN.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always encodes", e);
        }
        return variant == null ? answer : answer.with(INVOKED_VARIANT, variant);
    }

    @Override
    public void close() {
        server.close();
    }
}
