package dev.cairn.functions.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.functions.aws.LocalEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deployed router ({@code CAIRN_EXPOSURE_LOG=stdout}) writes each exposure event as one line of its log: the
 * line Firehose gets back out of the CloudWatch Logs envelope and stores, the same JSON line the local files hold.
 * The log group's subscription filter ships the JSON events that have an {@code experiment} field: exposure lines
 * have it, the metric lines beside them have not.
 */
class ExposureLogLinesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, String> env(LocalEndpoint server) {
        Map<String, String> env = new HashMap<>();
        env.put(
                RouterEnvironment.CONFIG,
                PredictionRouterTest.config(1.0, "{\"variant\": \"v4\", \"share\": 1.0, \"timeoutMs\": 20000}"));
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", "AKID");
        env.put("AWS_SECRET_ACCESS_KEY", "SECRET");
        env.put(RouterEnvironment.SAGEMAKER_URL, server.uri().toString());
        env.put(RouterEnvironment.EXPOSURE_LOG, RouterEnvironment.EXPOSURE_LOG_STDOUT);
        return env;
    }

    static RouterResponse predict(PredictionRouter r, String unit) {
        return r.route(
                "churn",
                Map.of("Content-Type", "application/json", "X-Unit-Id", unit),
                "{\"instances\": [[1, 2]]}".getBytes(StandardCharsets.UTF_8));
    }

    static List<JsonNode> lines(ByteArrayOutputStream out) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.readTree(l)); // every line of stdout is one JSON object: nothing else is printed there
        }
        return lines;
    }

    @Test
    void eachExposureIsOneJsonLineOfStdoutWithTheFieldTheSubscriptionMatches() throws Exception {
        try (LocalEndpoint server = new LocalEndpoint()) {
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            PredictionRouter r = RouterEnvironment.router(
                    env(server),
                    new PrintStream(stdout, true, StandardCharsets.UTF_8),
                    new PrintStream(stderr, true, StandardCharsets.UTF_8));
            assertEquals(200, predict(r, "u-7").status());
            r.flush();

            List<JsonNode> exposures =
                    lines(stdout).stream().filter(l -> l.has("experiment")).toList();
            List<JsonNode> metrics =
                    lines(stdout).stream().filter(l -> l.has("_aws")).toList();
            assertEquals(2, exposures.size(), "the main exposure and the shadow's: " + stdout);
            assertEquals(2, metrics.size(), "one metric line per variant called: " + stdout);
            assertTrue(metrics.stream().noneMatch(l -> l.has("experiment")), "metric lines are not shipped");
            JsonNode main = exposures.stream()
                    .filter(l -> !l.get("shadow").asBoolean())
                    .findFirst()
                    .orElseThrow();
            assertEquals("churn-ab", main.get("experiment").asText());
            assertEquals("churn", main.get("model").asText());
            assertEquals("u-7", main.get("unit").asText());
            assertEquals(200, main.get("status").asInt());
            assertEquals(
                    r.configVersion("churn").orElseThrow(),
                    main.get("configVersion").asText());
            assertTrue(main.get("time").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));
            // the partition query of the stream reads these two: {experiment: .experiment, date: (.time[0:10])}
            assertEquals(
                    List.of(
                            "experiment",
                            "model",
                            "variant",
                            "unit",
                            "bucket",
                            "time",
                            "latencyMs",
                            "status",
                            "configVersion",
                            "shadow"),
                    iterable(main.fieldNames()));
            assertEquals("", stderr.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aLineThatCannotBeWrittenIsCountedAsLostAndNeverFailsThePrediction() throws Exception {
        try (LocalEndpoint server = new LocalEndpoint()) {
            OutputStream broken = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("log pipe closed");
                }
            };
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            Map<String, String> env = env(server);
            env.put(
                    RouterEnvironment.CONFIG,
                    PredictionRouterTest.config(1.0, null)); // no shadow: one exposure per request
            PredictionRouter r = RouterEnvironment.router(
                    env,
                    new PrintStream(broken, true, StandardCharsets.UTF_8),
                    new PrintStream(stderr, true, StandardCharsets.UTF_8));
            assertEquals(200, predict(r, "u-1").status());
            assertEquals(200, predict(r, "u-2").status());
            r.flush();
            assertEquals(2, r.lostExposures());
            String log = stderr.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("exposure event lost (2 so far)"), log);
        }
    }

    @Test
    void theLostCountIsAMetricLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RouterMetrics metrics = new RouterMetrics(new PrintStream(out, true, StandardCharsets.UTF_8));
        metrics.countLostExposure("churn", "v2");
        metrics.countLostExposure("churn", "v2");
        metrics.flush();
        JsonNode line = lines(out).getFirst();
        assertEquals(2, line.get(RouterMetrics.EXPOSURES_LOST).asInt());
        assertEquals("v2", line.get("Variant").asText());
        JsonNode declared = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals(RouterMetrics.NAMESPACE, declared.get("Namespace").asText());
        assertEquals(
                RouterMetrics.EXPOSURES_LOST,
                declared.get("Metrics").get(0).get("Name").asText());
        assertFalse(line.has("experiment"));
    }

    @Test
    void theOldStreamSettingIsRefusedNamingItsReplacement() {
        Map<String, String> env = new HashMap<>();
        env.put(RouterEnvironment.CONFIG, PredictionRouterTest.config(1.0, null));
        env.put("AWS_REGION", "eu-west-1");
        env.put("CAIRN_EXPOSURE_STREAM", "cairn-exposures");
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> RouterEnvironment.router(env, System.out, System.err));
        assertTrue(e.getMessage().contains("CAIRN_EXPOSURE_LOG=stdout"), e.getMessage());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> l = new ArrayList<>();
        names.forEachRemaining(l::add);
        return l;
    }
}
