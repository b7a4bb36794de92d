package dev.cairn.functions.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on localhost (port 0) standing in for an AWS endpoint: records every request and answers
 * with the given function. The default answer is SageMaker's InvokeEndpoint shape: {"predictions": [...]} naming the
 * target variant, with X-Amzn-Invoked-Production-Variant.
 */
public final class LocalEndpoint implements AutoCloseable {

    /** A request as the server saw it; header names lower case. */
    public record Seen(String method, String rawPath, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase());
            return v == null ? null : v.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public static Answer json(int status, String json) {
            return new Answer(
                    status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        }
    }

    static {
        // the JDK server otherwise leaves Nagle on: each small answer then waits for the client's delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Function<Seen, Answer> answers;

    public LocalEndpoint(Function<Seen, Answer> answers) {
        this.answers = answers;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** SageMaker-like: echoes the target variant. */
    public LocalEndpoint() {
        this(LocalEndpoint::sageMakerAnswer);
    }

    public static Answer sageMakerAnswer(Seen s) {
        String variant = s.header("X-Amzn-SageMaker-Target-Variant");
        return new Answer(
                200,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "X-Amzn-Invoked-Production-Variant",
                        variant == null ? "v1" : variant),
                ("{\"predictions\":[0.25],\"variant\":\"" + variant + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    public void answers(Function<Seen, Answer> answers) {
        this.answers = answers;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    public Seen last() {
        return seen.get(seen.size() - 1);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
            Seen s = new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), headers, body);
            seen.add(s);
            Answer a = answers.apply(s);
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            if (a.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(a.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
