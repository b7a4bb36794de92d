package dev.cairn.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.cairn.flow.serving.Predictor;
import dev.cairn.formats.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SageMaker's bring-your-own-container contract: {@code GET /ping} and {@code POST /invocations} (JSON or CSV
 * rows in, JSON or CSV predictions out). Every error is {@code {"error": "..."}}, never a stack trace.
 */
final class InvocationsHandler implements HttpHandler {
    /** SageMaker's own limit on an invocation's payload; nothing larger reaches an endpoint. */
    static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

    static final String JSON = "application/json";
    static final String CSV = "text/csv";

    private final LoadedModel model;
    private final byte[] ping;

    InvocationsHandler(LoadedModel model) {
        this.model = model;
        this.ping = Json.UNTRUSTED
                .createObjectNode()
                .put("status", "ok")
                .put("model", model.manifest().model())
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (HttpProblem problem) {
                if (problem.status() == HttpProblem.TOO_LARGE) {
                    exchange.getResponseHeaders().set("Connection", "close"); // the rest of the body is not read
                }
                send(exchange, problem.status(), JSON, ServingJson.error(problem.getMessage()));
            } catch (RuntimeException | JsonProcessingException e) {
                System.err.println("cairn model server: " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                        + " failed: " + e);
                send(exchange, 500, JSON, ServingJson.error("the model failed: " + e));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/ping" -> {
                requireMethod(exchange, "GET");
                send(exchange, 200, JSON, ping);
            }
            case "/invocations" -> {
                requireMethod(exchange, "POST");
                invoke(exchange);
            }
            default ->
                throw new HttpProblem(
                        HttpProblem.NOT_FOUND,
                        "no such path " + path + ": this server answers GET /ping and POST /invocations");
        }
    }

    private static void requireMethod(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equals(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            throw new HttpProblem(
                    HttpProblem.METHOD_NOT_ALLOWED,
                    exchange.getRequestURI().getPath() + " takes " + method + ", not " + exchange.getRequestMethod());
        }
    }

    private void invoke(HttpExchange exchange) throws IOException {
        String contentType = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (!contentType.equals(JSON) && !contentType.equals(CSV)) {
            throw new HttpProblem(
                    HttpProblem.UNSUPPORTED_MEDIA_TYPE,
                    (contentType.isEmpty() ? "no Content-Type" : "Content-Type " + contentType) + ": send " + JSON
                            + " or " + CSV);
        }
        byte[] body = RequestBody.read(exchange, MAX_BODY_BYTES);
        Predictor predictor = model.predictor();
        List<Map<String, Object>> rows = contentType.equals(JSON)
                ? JsonRows.parse(body, predictor.features())
                : CsvRows.parse(body, predictor.features());
        List<Object> predictions;
        try {
            predictions = predictor.predict(rows);
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(HttpProblem.BAD_REQUEST, e.getMessage());
        }
        if (predictions == null || predictions.size() != rows.size()) {
            throw new IllegalStateException(
                    "the model answered " + (predictions == null ? "null" : predictions.size() + " predictions")
                            + " for " + rows.size() + " rows");
        }
        if (wantsCsv(exchange.getRequestHeaders().getFirst("Accept"))) {
            send(exchange, 200, CSV, CsvRows.format(predictions));
        } else {
            send(exchange, 200, JSON, ServingJson.predictions(predictions));
        }
    }

    /** Whether {@code Accept} asks for CSV before (or without) JSON. */
    static boolean wantsCsv(String accept) {
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            String type = mediaType(part);
            if (type.equals(JSON)) {
                return false;
            }
            if (type.equals(CSV)) {
                return true;
            }
        }
        return false;
    }

    /** {@code text/csv} of {@code Text/CSV; charset=utf-8}; "" for none. */
    private static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        JdkHttpServer.send(exchange, status, contentType + (contentType.equals(CSV) ? "; charset=utf-8" : ""), body);
    }
}
