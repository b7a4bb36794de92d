package dev.cairn.functions.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.functions.aws.ExposureLog;
import dev.cairn.functions.aws.LocalEndpoint;
import dev.cairn.router.config.RouterConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterHandlerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static APIGatewayProxyRequestEvent event(String model, Map<String, String> headers, String body, boolean base64) {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withPath("/models/" + model + "/predict")
                .withPathParameters(Map.of("model", model))
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(base64);
    }

    static Map<String, String> env(LocalEndpoint server, Path exposures) {
        return Map.of(
                RouterEnvironment.CONFIG,
                PredictionRouterTest.config(1.0, "{\"variant\": \"v4\", \"share\": 1.0, \"timeoutMs\": 20000}"),
                "AWS_REGION",
                "eu-west-1",
                "AWS_ACCESS_KEY_ID",
                "AKID",
                "AWS_SECRET_ACCESS_KEY",
                "SECRET",
                "AWS_SESSION_TOKEN",
                "TOKEN",
                RouterEnvironment.SAGEMAKER_URL,
                server.uri().toString(),
                RouterEnvironment.EXPOSURE_DIR,
                exposures.toString());
    }

    @Test
    void anApiGatewayEventIsRoutedEndToEndIncludingABase64Body(@TempDir Path dir) throws Exception {
        try (LocalEndpoint server = new LocalEndpoint()) {
            ByteArrayOutputStream metrics = new ByteArrayOutputStream();
            PredictionRouter router = RouterEnvironment.router(
                    env(server, dir), new PrintStream(metrics, true, StandardCharsets.UTF_8), System.err);
            RouterHandler handler = new RouterHandler(router);
            String body = "{\"unitId\": \"u-42\", \"instances\": [{\"tenure\": 12, \"plan\": \"pro\"}]}";
            APIGatewayProxyResponseEvent resp = handler.handleRequest(
                    event(
                            "churn",
                            Map.of("content-type", "application/json"),
                            Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)),
                            true),
                    new FixedContext("r-1"));

            assertEquals(200, resp.getStatusCode(), resp.getBody());
            String variant = resp.getHeaders().get("X-Cairn-Variant");
            assertTrue(List.of("v1", "v2", "v3").contains(variant), variant);
            assertEquals("churn-ab", resp.getHeaders().get("X-Cairn-Experiment"));
            assertEquals("application/json", resp.getHeaders().get("Content-Type"));
            assertEquals("{\"predictions\":[0.25],\"variant\":\"" + variant + "\"}", resp.getBody());
            assertFalse(resp.getIsBase64Encoded());
            // main call signed with the session token, and the shadow call beside it (in either order)
            assertEquals(
                    List.of(variant, "v4"),
                    server.seen().stream()
                            .map(s -> s.header("X-Amzn-SageMaker-Target-Variant"))
                            .sorted()
                            .toList());
            for (LocalEndpoint.Seen call : server.seen()) {
                assertEquals("{\"instances\":[{\"tenure\":12,\"plan\":\"pro\"}]}", call.bodyText());
                assertEquals("TOKEN", call.header("X-Amz-Security-Token"));
            }
            // flushed at the end of the invocation: exposure files and one EMF line per variant
            List<String> lines = LogLines.under(dir);
            assertEquals(2, lines.size());
            JsonNode main = JSON.readTree(lines.stream()
                    .filter(l -> l.contains("\"shadow\":false"))
                    .findFirst()
                    .orElseThrow());
            assertEquals(variant, main.get("variant").asText());
            assertEquals(
                    "v4",
                    JSON.readTree(lines.stream()
                                    .filter(l -> l.contains("\"shadow\":true"))
                                    .findFirst()
                                    .orElseThrow())
                            .get("variant")
                            .asText());
            assertEquals(2, metrics.toString(StandardCharsets.UTF_8).lines().count());

            APIGatewayProxyResponseEvent plain = handler.handleRequest(
                    event("plain", Map.of("Content-Type", "application/json"), "{\"instances\": [[1]]}", false),
                    new FixedContext("r-2"));
            assertEquals(200, plain.getStatusCode());
            assertEquals("only", plain.getHeaders().get("X-Cairn-Variant"));
        }
    }

    @Test
    void errorsComeBackAsJsonWithTheirStatus() throws Exception {
        try (LocalEndpoint server = new LocalEndpoint()) {
            RouterHandler handler = new RouterHandler(new PredictionRouter(
                    RouterConfig.parse(PredictionRouterTest.config(1.0, null)),
                    request -> {
                        throw new IllegalStateException("boom at the endpoint");
                    },
                    ExposureLog.DISCARD,
                    new RouterMetrics(new PrintStream(new ByteArrayOutputStream())),
                    System.err));
            APIGatewayProxyResponseEvent missing =
                    handler.handleRequest(new APIGatewayProxyRequestEvent().withBody("{}"), new FixedContext("r-3"));
            assertEquals(404, missing.getStatusCode());
            APIGatewayProxyResponseEvent badBase64 = handler.handleRequest(
                    event("churn", Map.of("Content-Type", "application/json"), "%%%", true), new FixedContext("r-4"));
            assertEquals(400, badBase64.getStatusCode());
            assertEquals(
                    "body is marked base64 but is not valid base64",
                    JSON.readTree(badBase64.getBody()).get("error").asText());
            APIGatewayProxyResponseEvent failed = handler.handleRequest(
                    event(
                            "churn",
                            Map.of("Content-Type", "application/json", "X-Unit-Id", "u"),
                            "{\"instances\": []}",
                            false),
                    null);
            assertEquals(502, failed.getStatusCode());
            assertTrue(failed.getBody().contains("failed: boom at the endpoint"), failed.getBody());
        }
    }

    @Test
    void anUnexpectedExceptionIs500WithTheRequestIdAndNoStackTrace() throws Exception {
        PredictionRouter router = new PredictionRouter(
                RouterConfig.parse(PredictionRouterTest.config(1.0, null)),
                request -> null,
                ExposureLog.DISCARD,
                new RouterMetrics(new PrintStream(new ByteArrayOutputStream())),
                System.err);
        APIGatewayProxyRequestEvent broken = new APIGatewayProxyRequestEvent() {
            @Override
            public Map<String, String> getHeaders() {
                throw new IllegalStateException("broken event");
            }
        }.withPathParameters(Map.of("model", "churn")).withBody("{\"instances\": []}");
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        APIGatewayProxyResponseEvent resp;
        try {
            resp = new RouterHandler(router).handleRequest(broken, new FixedContext("req-77"));
        } finally {
            System.setErr(stderr);
        }
        assertEquals(500, resp.getStatusCode());
        JsonNode body = JSON.readTree(resp.getBody());
        assertEquals("internal error, request id req-77", body.get("error").asText());
        assertFalse(resp.getBody().contains("broken event"));
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(
                log.contains("req-77") && log.contains("IllegalStateException: broken event") && log.contains("\tat "),
                log);
    }

    @Test
    void primingRoutesThroughTheWholeStackWithoutTouchingTheNetworkOrLeavingEvents(@TempDir Path dir) throws Exception {
        try (LocalEndpoint server = new LocalEndpoint()) {
            Map<String, String> env = new java.util.HashMap<>(env(server, dir));
            env.put(RouterEnvironment.EXPOSURE_LOG, RouterEnvironment.EXPOSURE_LOG_STDOUT); // log lines primed too
            SnapshotPriming.prime(env);
            SnapshotPriming.prime(Map.of(
                    RouterEnvironment.CONFIG,
                    env.get(RouterEnvironment.CONFIG),
                    "AWS_REGION",
                    "eu-west-1",
                    RouterEnvironment.EXPOSURE_DIR,
                    dir.toString()));
            assertEquals(0, server.seen().size());
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(0, files.count());
            }
        }
    }

    @Test
    void aMissingConfigNamesTheVariable() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> RouterEnvironment.router(Map.of("AWS_REGION", "eu-west-1"), System.out, System.err));
        assertTrue(e.getMessage().contains("CAIRN_ROUTER_CONFIG"), e.getMessage());
    }
}
