package dev.cairn.serving.local;

import com.sun.net.httpserver.HttpExchange;
import dev.cairn.formats.Json;
import dev.cairn.serving.JdkHttpServer;
import java.io.IOException;
import java.io.InputStream;
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
    private JdkHttpServer server;

    private LocalSageMaker(Map<String, Map<String, URI>> endpoints) {
        this.endpoints = endpoints;
    }

    /** @param endpoints endpoint name -> variant name -> the variant's model server ({@code http://host:port}) */
    static LocalSageMaker start(Map<String, Map<String, URI>> endpoints, InetAddress host) throws IOException {
        LocalSageMaker sageMaker = new LocalSageMaker(Map.copyOf(endpoints));
        sageMaker.server =
                JdkHttpServer.start(new InetSocketAddress(host, 0), "cairn-local-sagemaker-", sageMaker::handle);
        return sageMaker;
    }

    URI url() {
        return LocalServing.url(server.address());
    }

    InetSocketAddress address() {
        return server.address();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getRawPath().split("/");
            if (path.length != 4 || !path[1].equals("endpoints") || !path[3].equals("invocations")) {
                send(
                        exchange,
                        404,
                        Map.of(
                                "message",
                                "no such operation: " + exchange.getRequestURI().getPath()),
                        null);
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                send(exchange, 405, Map.of("message", "InvokeEndpoint is POST"), null);
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null
                    || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")
                    || !authorization.contains("/sagemaker/aws4_request")
                    || exchange.getRequestHeaders().getFirst("X-Amz-Date") == null) {
                send(
                        exchange,
                        403,
                        Map.of("message", "Missing Authentication Token: requests must be SigV4-signed for sagemaker"),
                        null);
                return;
            }
            String endpoint = URLDecoder.decode(path[2], StandardCharsets.UTF_8);
            Map<String, URI> variants = endpoints.get(endpoint);
            if (variants == null) {
                send(
                        exchange,
                        400,
                        Map.of("ErrorCode", "ValidationError", "message", "Endpoint " + endpoint + " not found."),
                        null);
                return;
            }
            String variant = exchange.getRequestHeaders().getFirst(TARGET_VARIANT);
            if (variant == null) {
                List<String> names = List.copyOf(variants.keySet());
                variant = names.get(ThreadLocalRandom.current().nextInt(names.size()));
            } else if (!variants.containsKey(variant)) {
                send(
                        exchange,
                        400,
                        Map.of(
                                "ErrorCode",
                                "ValidationError",
                                "message",
                                "Target variant " + variant + " not found for endpoint " + endpoint + "; it has "
                                        + variants.keySet()),
                        null);
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                send(
                        exchange,
                        413,
                        Map.of(
                                "ErrorCode",
                                "ValidationError",
                                "message",
                                "payload over " + MAX_PAYLOAD_BYTES + " bytes"),
                        null);
                return;
            }
            forward(exchange, variant, variants.get(variant), body);
        }
    }

    private void forward(HttpExchange exchange, String variant, URI server, byte[] body) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/invocations"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType == null ? "application/json" : contentType);
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            modelError(exchange, variant, 500, "model server unreachable: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            modelError(exchange, variant, 500, "interrupted");
            return;
        }
        if (answer.statusCode() / 100 != 2) {
            modelError(exchange, variant, answer.statusCode(), new String(answer.body(), StandardCharsets.UTF_8));
            return;
        }
        exchange.getResponseHeaders().set(INVOKED_VARIANT, variant);
        JdkHttpServer.send(
                exchange, 200, answer.headers().firstValue("Content-Type").orElse("application/json"), answer.body());
    }

    /** SageMaker's answer when the container fails: 424 ModelError naming the original status and message. */
    private static void modelError(HttpExchange exchange, String variant, int status, String message)
            throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("ErrorCode", status / 100 == 4 ? "CLIENT_ERROR_FROM_MODEL" : "SERVER_ERROR_FROM_MODEL");
        error.put("OriginalStatusCode", status);
        error.put("OriginalMessage", message);
        error.put(
                "Message",
                "Received " + (status / 100 == 4 ? "client" : "server") + " error (" + status + ") from " + variant
                        + " with message \"" + message + "\"");
        send(exchange, 424, error, variant);
    }

    private static void send(HttpExchange exchange, int status, Map<String, ?> body, String variant)
            throws IOException {
        if (variant != null) {
            exchange.getResponseHeaders().set(INVOKED_VARIANT, variant);
        }
        JdkHttpServer.send(exchange, status, "application/json", Json.PLAIN.writeValueAsBytes(body));
    }

    /** The body, or null when it is over the payload limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
        return bytes.length > MAX_PAYLOAD_BYTES ? null : bytes;
    }

    @Override
    public void close() {
        server.close();
    }
}
