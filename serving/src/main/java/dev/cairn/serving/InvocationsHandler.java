package dev.cairn.serving;

import dev.cairn.flow.serving.Predictor;
import dev.cairn.formats.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SageMaker's bring-your-own-container contract: {@code GET /ping} and {@code POST /invocations} (JSON or CSV
 * rows in, JSON or CSV predictions out). Every error is {@code {"error": "..."}}, never a stack trace; a model that
 * fails is a 500 from {@link HttpServer}, its exception in the server's log.
 */
final class InvocationsHandler implements HttpServer.Handler {
    /** SageMaker's own limit on an invocation's payload; nothing larger reaches an endpoint. */
    static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

    /** Bodies over SageMaker's limit are refused before they are read. */
    static final HttpServer.BodyLimit BODY_LIMIT = new HttpServer.BodyLimit(
            MAX_BODY_BYTES,
            size -> HttpAnswer.error(
                    HttpProblem.TOO_LARGE,
                    "the request body is " + size + "; at most " + MAX_BODY_BYTES
                            + " bytes (6 MB, SageMaker's limit) are accepted: send fewer rows per request"));

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
    public HttpAnswer answer(HttpCall call) throws IOException {
        try {
            return route(call);
        } catch (HttpProblem problem) {
            HttpAnswer answer = HttpAnswer.error(problem.status(), problem.getMessage());
            return problem.status() == HttpProblem.METHOD_NOT_ALLOWED ? answer.with("Allow", problem.allow()) : answer;
        }
    }

    private HttpAnswer route(HttpCall call) throws IOException {
        String path = call.target().getPath();
        return switch (path) {
            case "/ping" -> {
                requireMethod(call, "GET");
                yield HttpAnswer.of(200, JSON, ping);
            }
            case "/invocations" -> {
                requireMethod(call, "POST");
                yield invoke(call);
            }
            default ->
                throw new HttpProblem(
                        HttpProblem.NOT_FOUND,
                        "no such path " + path + ": this server answers GET /ping and POST /invocations");
        };
    }

    private static void requireMethod(HttpCall call, String method) {
        if (!call.method().equals(method)) {
            throw new HttpProblem(
                    HttpProblem.METHOD_NOT_ALLOWED,
                    call.target().getPath() + " takes " + method + ", not " + call.method(),
                    method);
        }
    }

    private HttpAnswer invoke(HttpCall call) throws IOException {
        String contentType = mediaType(call.header("Content-Type"));
        if (!contentType.equals(JSON) && !contentType.equals(CSV)) {
            throw new HttpProblem(
                    HttpProblem.UNSUPPORTED_MEDIA_TYPE,
                    (contentType.isEmpty() ? "no Content-Type" : "Content-Type " + contentType) + ": send " + JSON
                            + " or " + CSV);
        }
        byte[] body = call.body();
        if (body.length == 0) {
            throw new HttpProblem(HttpProblem.BAD_REQUEST, "the request has no body: send the rows to predict");
        }
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
        if (wantsCsv(call.header("Accept"))) {
            return HttpAnswer.of(200, CSV + "; charset=utf-8", CsvRows.format(predictions));
        }
        return HttpAnswer.of(200, JSON, ServingJson.predictions(predictions));
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
}
