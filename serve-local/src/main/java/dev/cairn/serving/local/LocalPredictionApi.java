package dev.cairn.serving.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import dev.cairn.functions.router.RouterHandler;
import dev.cairn.serving.JdkHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * API Gateway on localhost: {@code POST /models/{model}/predict} becomes the same proxy event API Gateway
 * sends, handled by the router Lambda's own handler class. Like one Lambda execution environment, the
 * handler sees one request at a time.
 */
final class LocalPredictionApi implements AutoCloseable {
    /** API Gateway's payload limit. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

    private final RouterHandler handler;
    private final ReentrantLock oneAtATime = new ReentrantLock();
    private JdkHttpServer server;

    private LocalPredictionApi(RouterHandler handler) {
        this.handler = handler;
    }

    /** @param port 0 for any free port */
    static LocalPredictionApi start(RouterHandler handler, InetAddress host, int port) throws IOException {
        LocalPredictionApi api = new LocalPredictionApi(handler);
        api.server = JdkHttpServer.start(new InetSocketAddress(host, port), "cairn-local-api-", api::handle);
        return api;
    }

    URI url() {
        InetSocketAddress bound = server.address();
        // localhost reads better in the URL users copy, and is what the loopback interface answers to
        return bound.getAddress().isLoopbackAddress()
                ? URI.create("http://localhost:" + bound.getPort())
                : LocalServing.url(bound);
    }

    InetSocketAddress address() {
        return server.address();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getRawPath().split("/");
            if (path.length != 4 || !path[1].equals("models") || !path[3].equals("predict")) {
                send(exchange, 404, "{\"error\": \"no such route: use POST /models/{model}/predict\"}");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                send(exchange, 405, "{\"error\": \"use POST /models/{model}/predict\"}");
                return;
            }
            byte[] body = exchange.getRequestBody().readNBytes(MAX_PAYLOAD_BYTES + 1);
            if (body.length > MAX_PAYLOAD_BYTES) {
                send(exchange, 413, "{\"error\": \"request body over API Gateway's 10 MB limit\"}");
                return;
            }
            APIGatewayProxyResponseEvent response =
                    route(event(exchange, URLDecoder.decode(path[2], StandardCharsets.UTF_8), body));
            if (response.getHeaders() != null) {
                response.getHeaders()
                        .forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            }
            byte[] out = response.getBody() == null
                    ? new byte[0]
                    : Boolean.TRUE.equals(response.getIsBase64Encoded())
                            ? Base64.getDecoder().decode(response.getBody())
                            : response.getBody().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.getStatusCode(), out.length == 0 ? -1 : out.length);
            exchange.getResponseBody().write(out);
        }
    }

    private APIGatewayProxyResponseEvent route(APIGatewayProxyRequestEvent event) {
        oneAtATime.lock();
        try {
            return handler.handleRequest(event, null);
        } finally {
            oneAtATime.unlock();
        }
    }

    /** The proxy event API Gateway builds; the body always travels base64-encoded so bytes arrive unchanged. */
    private static APIGatewayProxyRequestEvent event(HttpExchange exchange, String model, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        Map<String, List<String>> multi = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, values.get(values.size() - 1));
            multi.put(name, List.copyOf(values));
        });
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withResource("/models/{model}/predict")
                .withPath(exchange.getRequestURI().getPath())
                .withPathParameters(Map.of("model", model))
                .withHeaders(headers)
                .withMultiValueHeaders(multi)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString())
                        .withStage("local"))
                .withBody(Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(true);
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        JdkHttpServer.send(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.close();
    }
}
