package dev.cairn.serving.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.cairn.functions.router.RouterHandler;
import dev.cairn.serving.HttpAnswer;
import dev.cairn.serving.HttpCall;
import dev.cairn.serving.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private HttpServer server;

    private LocalPredictionApi(RouterHandler handler) {
        this.handler = handler;
    }

    /** @param port 0 for any free port */
    static LocalPredictionApi start(RouterHandler handler, InetAddress host, int port) throws IOException {
        LocalPredictionApi api = new LocalPredictionApi(handler);
        api.server = HttpServer.start(
                new InetSocketAddress(host, port),
                "cairn-local-api-",
                new HttpServer.BodyLimit(
                        MAX_PAYLOAD_BYTES,
                        size -> HttpAnswer.error(413, "request body over API Gateway's 10 MB limit")),
                api::answer);
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

    private HttpAnswer answer(HttpCall call) {
        String[] path = call.target().getRawPath().split("/");
        if (path.length != 4 || !path[1].equals("models") || !path[3].equals("predict")) {
            return HttpAnswer.error(404, "no such route: use POST /models/{model}/predict");
        }
        if (!call.method().equals("POST")) {
            return HttpAnswer.error(405, "use POST /models/{model}/predict");
        }
        APIGatewayProxyResponseEvent response = route(event(call, URLDecoder.decode(path[2], StandardCharsets.UTF_8)));
        byte[] out = response.getBody() == null
                ? new byte[0]
                : Boolean.TRUE.equals(response.getIsBase64Encoded())
                        ? Base64.getDecoder().decode(response.getBody())
                        : response.getBody().getBytes(StandardCharsets.UTF_8);
        return new HttpAnswer(
                response.getStatusCode(), response.getHeaders() == null ? Map.of() : response.getHeaders(), out);
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
    private static APIGatewayProxyRequestEvent event(HttpCall call, String model) {
        Map<String, String> headers = new HashMap<>();
        Map<String, List<String>> multi = new LinkedHashMap<>();
        call.headers().forEach(header -> {
            headers.put(header.getKey(), header.getValue());
            multi.computeIfAbsent(header.getKey(), name -> new ArrayList<>()).add(header.getValue());
        });
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withResource("/models/{model}/predict")
                .withPath(call.target().getPath())
                .withPathParameters(Map.of("model", model))
                .withHeaders(headers)
                .withMultiValueHeaders(multi)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(call.requestId())
                        .withStage("local"))
                .withBody(Base64.getEncoder().encodeToString(call.body()))
                .withIsBase64Encoded(true);
    }

    @Override
    public void close() {
        server.close();
    }
}
