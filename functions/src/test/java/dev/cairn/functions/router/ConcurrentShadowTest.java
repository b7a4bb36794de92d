package dev.cairn.functions.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.functions.aws.ExposureEvent;
import dev.cairn.functions.aws.ExposureLog;
import dev.cairn.functions.aws.InvokeResult;
import dev.cairn.functions.aws.SageMakerRuntime;
import dev.cairn.router.config.RouterConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shadow call runs beside the production call and never holds the answer: the stand-in runtime blocks the shadow
 * variant until the test releases it, so outcomes ride on latches, not on how fast the machine is.
 */
class ConcurrentShadowTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough for any busy machine to run the test's own steps, far below the hung shadow's wait. */
    static final long LATCH_SECONDS = 20;

    static String config(int shadowTimeoutMs) {
        return """
        {"models": {"churn": {"endpoint": "cairn-demo-churn", "variants": ["v1", "v2"], "default": "v1",
           "experiment": {"name": "churn-ab", "salt": "churn-ab-1", "coverage": 1.0,
                          "variants": [{"name": "v1", "weight": 1.0}]},
           "shadow": {"variant": "v2", "share": 1.0, "timeoutMs": %d}}}}""".formatted(shadowTimeoutMs);
    }

    /** Answers v1 at once; blocks v2 (the shadow) until {@link #releaseShadow} is counted down. */
    final CountDownLatch shadowStarted = new CountDownLatch(1);

    final CountDownLatch releaseShadow = new CountDownLatch(1);
    final SageMakerRuntime runtime = request -> {
        if ("v2".equals(request.targetVariant())) {
            shadowStarted.countDown();
            try {
                releaseShadow.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = ("{\"predictions\":[0.5],\"variant\":\"" + request.targetVariant() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return new InvokeResult(200, "application/json", request.targetVariant(), body);
    };

    final List<ExposureEvent> events = new CopyOnWriteArrayList<>();
    final ExposureLog memoryLog = new ExposureLog() {
        @Override
        public void record(ExposureEvent event) {
            events.add(event);
        }

        @Override
        public void flush() {}
    };
    final ByteArrayOutputStream metricsBytes = new ByteArrayOutputStream();

    @AfterEach
    void release() {
        releaseShadow.countDown();
    }

    PredictionRouter router(int shadowTimeoutMs, SageMakerRuntime sageMaker) {
        return new PredictionRouter(
                RouterConfig.parse(config(shadowTimeoutMs)),
                sageMaker,
                memoryLog,
                new RouterMetrics(new PrintStream(metricsBytes, true, StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    static RouterResponse predict(PredictionRouter r) {
        return r.route(
                "churn",
                Map.of("Content-Type", "application/json", "X-Unit-Id", "u-1"),
                "{\"instances\": [[1, 2]]}".getBytes(StandardCharsets.UTF_8));
    }

    List<JsonNode> metricLines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : metricsBytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                lines.add(JSON.readTree(l));
            }
        }
        return lines;
    }

    long shadowTimeouts() throws Exception {
        return metricLines().stream()
                .filter(l -> l.has(RouterMetrics.SHADOW_TIMEOUTS))
                .peek(l -> assertEquals("v2", l.get("Variant").asText()))
                .mapToLong(l -> l.get(RouterMetrics.SHADOW_TIMEOUTS).asLong())
                .sum();
    }

    static void awaitNoShadowRunning(PredictionRouter r) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LATCH_SECONDS);
        while (r.shadowCallsRunning() > 0) {
            assertTrue(System.nanoTime() < deadline, "the released shadow call never ended");
            Thread.sleep(5); // polling for a condition with a deadline; the outcome does not ride on it
        }
    }

    @Test
    void theProductionCallRunsWhileTheShadowCallIsStillWaiting() {
        // the production variant answers only once the shadow call has started: one after the other would never end
        CountDownLatch productionSawShadow = new CountDownLatch(1);
        SageMakerRuntime productionWaitsForShadow = request -> {
            if ("v1".equals(request.targetVariant())) {
                try {
                    if (shadowStarted.await(LATCH_SECONDS, TimeUnit.SECONDS)) {
                        productionSawShadow.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return runtime.invokeEndpoint(request);
        };
        PredictionRouter r = router(20_000, productionWaitsForShadow);
        RouterResponse resp = predict(r);
        assertEquals(200, resp.status());
        assertEquals(0, productionSawShadow.getCount(), "the production call ran while the shadow call was blocked");
        assertEquals("v1", resp.headers().get(PredictionRouter.VARIANT_HEADER));
    }

    @Test
    void aShadowThatHangsNeitherDelaysTheAnswerNorGetsLoggedAndIsCountedAsTimedOut() throws Exception {
        PredictionRouter r = router(50, runtime);
        RouterResponse resp = predict(r);
        // the answer is back while the shadow is still blocked (it stays blocked until the test releases it)
        assertEquals(200, resp.status());
        assertEquals("{\"predictions\":[0.5],\"variant\":\"v1\"}", resp.bodyText());
        assertTrue(shadowStarted.await(LATCH_SECONDS, TimeUnit.SECONDS), "the shadow call started");
        assertEquals(1, releaseShadow.getCount());
        r.flush(); // waits for the shadow only until its 50 ms limit, then counts it
        assertEquals(1, releaseShadow.getCount(), "flush returned while the shadow was still blocked");
        assertEquals(1, shadowTimeouts());
        assertEquals(List.of(false), events.stream().map(ExposureEvent::shadow).toList(), "only the main exposure");

        releaseShadow.countDown(); // the shadow answers late: dropped, not logged, not counted twice
        awaitNoShadowRunning(r);
        r.flush();
        assertEquals(1, shadowTimeouts());
        assertEquals(List.of(false), events.stream().map(ExposureEvent::shadow).toList());
        assertTrue(
                metricLines().stream()
                        .filter(l -> l.has("LatencyMs"))
                        .allMatch(l -> l.get("Variant").asText().equals("v1")),
                "a timed-out shadow adds no latency sample");
    }

    @Test
    void theLambdaHandlerAnswersWithinTheShadowLimitWhileTheShadowHangs() throws Exception {
        PredictionRouter r = router(50, runtime);
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withPathParameters(Map.of("model", "churn"))
                .withHeaders(Map.of("Content-Type", "application/json", PredictionRouter.UNIT_HEADER, "u-1"))
                .withBody("{\"instances\": [[1, 2]]}");
        APIGatewayProxyResponseEvent resp = new RouterHandler(r).handleRequest(event, new FixedContext("req-1"));
        // the handler returned (and with it the Lambda's answer) while the shadow is still blocked
        assertEquals(1, releaseShadow.getCount());
        assertEquals(200, resp.getStatusCode());
        assertEquals("v1", resp.getHeaders().get(PredictionRouter.VARIANT_HEADER));
        assertEquals(1, shadowTimeouts(), "counted by the handler's flush, before it returned");
    }

    @Test
    void aShadowThatAnswersWithinItsLimitIsLoggedByFlush() throws Exception {
        PredictionRouter r = router(20_000, runtime);
        releaseShadow.countDown(); // the shadow answers at once
        assertEquals(200, predict(r).status());
        r.flush();
        ExposureEvent shadow =
                events.stream().filter(ExposureEvent::shadow).findFirst().orElseThrow();
        assertEquals("v2", shadow.variant());
        assertEquals("{\"predictions\":[0.5],\"variant\":\"v2\"}", shadow.response());
        assertEquals(0, shadowTimeouts());
    }
}
