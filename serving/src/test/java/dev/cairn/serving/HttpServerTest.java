package dev.cairn.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.formats.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HttpServer} on a real socket, fed hostile requests by a raw client: what the JDK's server answered with a
 * connection reset or an HTML page is answered here as JSON, and one client's bad request never stops another's.
 */
@Timeout(60)
class HttpServerTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static HttpServer server;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                "cairn-test-http-",
                new HttpServer.BodyLimit(1024, size -> HttpAnswer.error(413, "body is " + size)),
                call -> {
                    if (call.target().getPath().equals("/fail")) {
                        throw new IllegalStateException("disk /secret/path unreadable");
                    }
                    return HttpAnswer.of(
                            200, "text/plain", ("ok " + call.target().getPath()).getBytes(StandardCharsets.UTF_8));
                });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void headersOfOneMegabyteAre431AndAnotherClientIsServedMeanwhile() throws Exception {
        try (Socket hostile = socket()) {
            String request = "GET /big HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(1024 * 1024) + "\r\n\r\n";
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> RawHttp.write(hostile, request));

            HttpResponse<String> other = HTTP.send(
                    HttpRequest.newBuilder(uri("/other"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, other.statusCode());
            assertEquals("ok /other", other.body());

            sending.join();
            RawHttp.Answer answer = RawHttp.read(hostile);
            assertEquals(431, answer.status(), answer.toString());
            assertEquals(
                    "the request's headers are over 16384 bytes in all: send fewer or shorter headers", answer.error());
        }
    }

    @Test
    void twentyThousandHeadersAre431() throws Exception {
        try (Socket hostile = socket()) {
            RawHttp.write(hostile, "GET /many HTTP/1.1\r\nHost: localhost\r\n" + "X-A: b\r\n".repeat(20_000) + "\r\n");

            RawHttp.Answer answer = RawHttp.read(hostile);
            assertEquals(431, answer.status(), answer.toString());
            assertTrue(answer.error().contains("headers are over 16384 bytes"), answer.toString());
        }
    }

    @Test
    void malformedPercentEscapeInThePathIsAJson400NamingIt() throws Exception {
        RawHttp.Answer answer = rawRequest("GET /models/%ZZ/predict HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertEquals(400, answer.status(), answer.toString());
        assertEquals("application/json", answer.contentType());
        assertEquals(
                "the request target /models/%ZZ/predict is not a valid URI (Malformed escape pair at index 8):"
                        + " percent-encode the path, e.g. a space as %20 and % as %25",
                answer.error());
    }

    @Test
    void lonePercentAsTheTargetIsAJson400() throws Exception {
        RawHttp.Answer answer = rawRequest("GET % HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertEquals(400, answer.status(), answer.toString());
        assertTrue(answer.error().startsWith("the request target % is not a valid URI"), answer.toString());
    }

    @Test
    void spaceInThePathIsAJson400AboutTheRequestLine() throws Exception {
        RawHttp.Answer answer = rawRequest("GET /models/a b HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertEquals(400, answer.status(), answer.toString());
        assertEquals("application/json", answer.contentType());
        assertTrue(answer.error().startsWith("malformed HTTP request ("), answer.toString());
        assertFalse(answer.body().contains("Exception"), answer.toString());
    }

    @Test
    void requestLineOverTheLimitIs414() throws Exception {
        RawHttp.Answer answer = rawRequest("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertEquals(414, answer.status(), answer.toString());
        assertTrue(answer.error().startsWith("the request line is over 8192 bytes"), answer.toString());
    }

    @Test
    void aHandlerThatThrowsIs500WithARequestIdAndNoExceptionInTheBody() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        HttpResponse<String> response;
        try {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            response = HTTP.send(HttpRequest.newBuilder(uri("/fail")).build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            System.setErr(stderr);
        }

        assertEquals(500, response.statusCode(), response.body());
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertEquals(
                "the server failed to answer this request; its log has the cause under request id " + requestId,
                Json.UNTRUSTED.readTree(response.body()).get("error").asText());
        assertFalse(response.body().contains("IllegalStateException"), response.body());
        assertFalse(response.body().contains("/secret/path"), response.body());
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("request " + requestId + " (GET /fail) failed"), logged);
        assertTrue(logged.contains("java.lang.IllegalStateException: disk /secret/path unreadable"), logged);
    }

    @Test
    void bodyOverTheLimitGetsTheHandlersOwn413() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri("/up"))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2000)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(413, response.statusCode());
        assertEquals("{\"error\":\"body is 2000 bytes\"}", response.body());
    }

    @Test
    void keepAliveConnectionAnswersPipelinedRequestsInOrder() throws Exception {
        try (Socket client = socket()) {
            RawHttp.write(client, "GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n");

            assertEquals("ok /one", RawHttp.read(client).body());
            assertEquals("ok /two", RawHttp.read(client).body());
        }
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }

    private static Socket socket() throws IOException {
        return RawHttp.connect(server.port());
    }

    private static RawHttp.Answer rawRequest(String request) throws IOException {
        try (Socket socket = socket()) {
            RawHttp.write(socket, request);
            return RawHttp.read(socket);
        }
    }
}
