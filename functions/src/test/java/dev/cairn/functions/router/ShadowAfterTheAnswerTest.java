package dev.cairn.functions.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.functions.aws.JavaRuntimeProcess;
import dev.cairn.functions.aws.LocalEndpoint;
import dev.cairn.functions.aws.LocalRuntimeApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router as Lambda runs it: {@link RouterHandler} under the Java runtime interface client (a JVM of its own, as
 * Lambda's managed Java runtime starts it) against a strict stand-in of the Runtime and Extensions APIs, with the
 * environment the CDK gives the router. The shadow call never delays the answer: the handler returns as soon as the
 * production variant answered, and the internal extension keeps the environment from freezing until the shadow call
 * is settled and its lines are written. The shadow variant of the SageMaker stand-in waits on a gate the test opens,
 * so outcomes ride on the order of events, not on how fast the machine is; times are only generous upper bounds or
 * lower bounds that a slow machine cannot break.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShadowAfterTheAnswerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long WAIT_SECONDS = 60; // a JVM start and a first request on a loaded machine, with room to spare
    static final String HANDLER = "dev.cairn.functions.router.RouterHandler::handleRequest";
    static final int HUNG_TIMEOUT_MS = 2000;

    /** Model "slow": shadow limit 20 s, its call waits for {@link #slowGate}; "hung": never answers in time. */
    static String config() {
        return """
        {"models": {
          "warm": {"endpoint": "warm", "variants": ["v1"], "default": "v1"},
          "slow": {"endpoint": "slow", "variants": ["v1", "v2"], "default": "v1",
            "experiment": {"name": "slow-ab", "salt": "slow-ab-1", "coverage": 1.0, "variants": [{"name": "v1", "weight": 1.0}]},
            "shadow": {"variant": "v2", "share": 1.0, "timeoutMs": 20000}},
          "hung": {"endpoint": "hung", "variants": ["v1", "v2"], "default": "v1",
            "experiment": {"name": "hung-ab", "salt": "hung-ab-1", "coverage": 1.0, "variants": [{"name": "v1", "weight": 1.0}]},
            "shadow": {"variant": "v2", "share": 1.0, "timeoutMs": %d}}}}""".formatted(HUNG_TIMEOUT_MS);
    }

    final CountDownLatch slowShadowStarted = new CountDownLatch(1);
    final CountDownLatch slowGate = new CountDownLatch(1);
    final CountDownLatch hungShadowStarted = new CountDownLatch(1);
    /** Opened when the tests are over: the hung shadow answers only then. */
    final CountDownLatch hungGate = new CountDownLatch(1);

    LocalEndpoint sageMaker;
    LocalRuntimeApi api;
    JavaRuntimeProcess lambda;
    /** The router's standard output as it was at each freeze, by the request id the freeze ended. */
    final Map<String, String> stdoutAtFreeze = new ConcurrentHashMap<>();

    @BeforeAll
    void startTheFunction(@TempDir Path dir) throws Exception {
        sageMaker = new LocalEndpoint(s -> {
            String variant = s.header("X-Amzn-SageMaker-Target-Variant");
            if ("v2".equals(variant) && s.rawPath().contains("/slow/")) {
                slowShadowStarted.countDown();
                await(slowGate);
            } else if ("v2".equals(variant) && s.rawPath().contains("/hung/")) {
                hungShadowStarted.countDown();
                await(hungGate);
            }
            return LocalEndpoint.sageMakerAnswer(s);
        });
        api = new LocalRuntimeApi(true, 120_000, f -> {
            if (f.requestId() != null) {
                stdoutAtFreeze.put(f.requestId(), lambda.stdout());
            }
        });
        lambda = new JavaRuntimeProcess(HANDLER, env(api, sageMaker), dir);
        api.initDone().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(
                List.of(new LocalRuntimeApi.Registration(RouterHandler.EXTENSION_NAME, 200)),
                api.registrations(),
                "the handler registered its extension during Init");
        // a first request loads the classes: the tests below see a warm function, as most requests do
        LocalRuntimeApi.Invocation warm = api.invoke(event("warm", "u-0"));
        assertEquals(200, statusOf(warm.answer().get(WAIT_SECONDS, TimeUnit.SECONDS)), lambda.stderr());
        warm.freeze().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() throws Exception {
        slowGate.countDown();
        hungGate.countDown();
        if (lambda != null) {
            lambda.close();
        }
        api.close();
        sageMaker.close();
    }

    /** The environment CDK's PredictionApi gives the router, plus the stand-ins' addresses and credentials. */
    static Map<String, String> env(LocalRuntimeApi api, LocalEndpoint sageMaker) {
        return Map.of(
                "AWS_LAMBDA_RUNTIME_API",
                api.hostAndPort(),
                RouterEnvironment.CONFIG,
                config(),
                RouterEnvironment.EXPOSURE_LOG,
                RouterEnvironment.EXPOSURE_LOG_STDOUT,
                RouterEnvironment.SAGEMAKER_URL,
                sageMaker.uri().toString(),
                "AWS_REGION",
                "eu-west-1",
                "AWS_ACCESS_KEY_ID",
                "AKIDTEST",
                "AWS_SECRET_ACCESS_KEY",
                "secret",
                "AWS_SESSION_TOKEN",
                "token",
                "PATH",
                System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "TMPDIR",
                System.getProperty("java.io.tmpdir"));
    }

    static String event(String model, String unit) throws Exception {
        return JSON.writeValueAsString(Map.of(
                "httpMethod",
                "POST",
                "path",
                "/models/" + model + "/predict",
                "pathParameters",
                Map.of("model", model),
                "headers",
                Map.of("Content-Type", "application/json", "X-Unit-Id", unit),
                "body",
                "{\"instances\": [[1, 2]]}",
                "isBase64Encoded",
                false));
    }

    static int statusOf(LocalRuntimeApi.Answer a) throws Exception {
        assertFalse(a.error(), a.body());
        return JSON.readTree(a.body()).get("statusCode").asInt();
    }

    static List<JsonNode> lines(String text) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (l.startsWith("{")) {
                lines.add(JSON.readTree(l));
            }
        }
        return lines;
    }

    static void await(CountDownLatch gate) {
        try {
            gate.await(WAIT_SECONDS * 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theAnswerGoesBackWhileASlowShadowRunsAndTheShadowsLinesAreWrittenBeforeTheEnvironmentFreezes()
            throws Exception {
        LocalRuntimeApi.Invocation i = api.invoke(event("slow", "u-1"));
        long delivered = i.deliveredAtNanos().get(WAIT_SECONDS, TimeUnit.SECONDS);
        LocalRuntimeApi.Answer answer = i.answer().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(
                answer.atNanos() - delivered < TimeUnit.SECONDS.toNanos(20),
                "the answer came before the shadow's 20 s limit: nothing waited for the shadow");
        // the shadow call is still held by its gate (limit 20 s): the answer did not wait for it
        assertTrue(slowShadowStarted.await(WAIT_SECONDS, TimeUnit.SECONDS), "the shadow call started");
        assertEquals(1, slowGate.getCount());
        assertEquals(200, statusOf(answer));
        assertEquals(
                "v1",
                JSON.readTree(answer.body())
                        .get("headers")
                        .get(PredictionRouter.VARIANT_HEADER)
                        .asText());
        assertFalse(i.freeze().isDone(), "the environment stays up while the shadow call runs");

        slowGate.countDown(); // the shadow answers now
        LocalRuntimeApi.Freeze freeze = i.freeze().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(answer.atNanos() - freeze.atNanos() < 0);
        List<JsonNode> written = lines(stdoutAtFreeze.get(i.requestId()));
        JsonNode shadow = written.stream()
                .filter(l -> l.path("shadow").asBoolean()
                        && "slow".equals(l.path("model").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no shadow exposure line before the freeze: " + written));
        assertEquals("v2", shadow.get("variant").asText());
        assertTrue(shadow.get("response").asText().contains("\"variant\":\"v2\""), shadow.toString());
        assertTrue(
                written.stream()
                        .anyMatch(l -> "slow".equals(l.path("Model").asText())
                                && "v2".equals(l.path("Variant").asText())
                                && l.has("LatencyMs")),
                "the shadow's metric line was written before the freeze: " + written);
    }

    @Test
    void aHungShadowIsCountedTimedOutAtItsDeadlineBeforeTheFreezeAndTheAnswerDoesNotWaitForIt() throws Exception {
        LocalRuntimeApi.Invocation i = api.invoke(event("hung", "u-2"));
        long delivered = i.deliveredAtNanos().get(WAIT_SECONDS, TimeUnit.SECONDS);
        LocalRuntimeApi.Answer answer = i.answer().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(200, statusOf(answer));
        assertTrue(hungShadowStarted.await(WAIT_SECONDS, TimeUnit.SECONDS), "the shadow call started");
        assertTrue(
                answer.atNanos() - delivered < TimeUnit.MILLISECONDS.toNanos(HUNG_TIMEOUT_MS),
                "the answer came before the shadow's limit");

        LocalRuntimeApi.Freeze freeze = i.freeze().get(WAIT_SECONDS, TimeUnit.SECONDS);
        // the limit counts from the shadow call's start, after the delivery: the extension waited it out
        assertTrue(freeze.atNanos() - delivered >= TimeUnit.MILLISECONDS.toNanos(HUNG_TIMEOUT_MS));
        assertEquals(1, hungGate.getCount(), "the shadow never answered");
        List<JsonNode> written = lines(stdoutAtFreeze.get(i.requestId()));
        assertEquals(
                1,
                written.stream()
                        .filter(l -> "hung".equals(l.path("Model").asText()))
                        .mapToLong(l -> l.path(RouterMetrics.SHADOW_TIMEOUTS).asLong())
                        .sum(),
                "one shadow timeout counted before the freeze: " + written);
        assertTrue(written.stream()
                .noneMatch(l -> l.path("shadow").asBoolean()
                        && "hung".equals(l.path("model").asText())));
        assertTrue(
                written.stream()
                        .anyMatch(l -> !l.path("shadow").asBoolean(true)
                                && "hung".equals(l.path("model").asText())),
                "the request's own exposure line was written");
    }

    @Test
    void whenTheRuntimeApiRefusesTheExtensionTheHandlerWaitsForTheShadowAndTheLogSaysWhy(@TempDir Path dir)
            throws Exception {
        CountDownLatch neverOpened = new CountDownLatch(1);
        try (LocalEndpoint hungShadow = new LocalEndpoint(s -> {
                    if ("v2".equals(s.header("X-Amzn-SageMaker-Target-Variant"))) {
                        await(neverOpened);
                    }
                    return LocalEndpoint.sageMakerAnswer(s);
                });
                LocalRuntimeApi refusing = new LocalRuntimeApi(false, 120_000, f -> {});
                JavaRuntimeProcess function = new JavaRuntimeProcess(HANDLER, env(refusing, hungShadow), dir)) {
            refusing.initDone().get(WAIT_SECONDS, TimeUnit.SECONDS);
            LocalRuntimeApi.Invocation i = refusing.invoke(event("hung", "u-3"));
            long delivered = i.deliveredAtNanos().get(WAIT_SECONDS, TimeUnit.SECONDS);
            LocalRuntimeApi.Answer answer = i.answer().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(200, statusOf(answer));
            assertTrue(
                    answer.atNanos() - delivered >= TimeUnit.MILLISECONDS.toNanos(HUNG_TIMEOUT_MS),
                    "the handler waited for the shadow's limit before answering");
            assertTrue(
                    lines(function.stdout()).stream()
                            .anyMatch(l -> l.path(RouterMetrics.SHADOW_TIMEOUTS).asLong() == 1),
                    function.stdout());
            List<String> why = function.stderr()
                    .lines()
                    .filter(l -> l.contains(RouterHandler.EXTENSION_NAME))
                    .toList();
            assertEquals(1, why.size(), function.stderr());
            assertTrue(why.get(0).contains("failed (status 403"), why.get(0));
        } finally {
            neverOpened.countDown();
        }
    }
}
