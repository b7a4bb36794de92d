package dev.cairn.functions.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.functions.aws.AwsSigner;
import dev.cairn.functions.aws.ExposureEvent;
import dev.cairn.functions.aws.ExposureLog;
import dev.cairn.functions.aws.FileExposureLog;
import dev.cairn.functions.aws.HttpClients;
import dev.cairn.functions.aws.InvokeResult;
import dev.cairn.functions.aws.LocalEndpoint;
import dev.cairn.functions.aws.SignedSageMakerRuntime;
import dev.cairn.router.config.ExperimentConfig;
import dev.cairn.router.config.RouterConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class PredictionRouterTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json");

    /** Three variants, experiment v1/v2/v3 at 0.2/0.3/0.5 over the coverage given, optional shadow v4. */
    static String config(double coverage, String shadow) {
        return """
        {"models": {"churn": {
           "endpoint": "cairn-demo-churn",
           "variants": ["v1", "v2", "v3", "v4"],
           "default": "v1",
           "experiment": {"name": "churn-ab", "salt": "churn-ab-1", "coverage": %s,
                          "variants": [{"name": "v1", "weight": 0.2}, {"name": "v2", "weight": 0.3},
                                       {"name": "v3", "weight": 0.5}]}%s},
         "plain": {"endpoint": "cairn-plain", "variants": ["only"], "default": "only"}}}""".formatted(coverage, shadow == null ? "" : ", \"shadow\": " + shadow);
    }

    final LocalEndpoint server = new LocalEndpoint();
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
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        server.close();
    }

    PredictionRouter router(String configJson, ExposureLog exposures) {
        AwsSigner signer = new AwsSigner(
                "eu-west-1",
                () -> AwsCredentialsIdentity.create("AKID", "SECRET"),
                HttpClients.create("url-connection"));
        return new PredictionRouter(
                RouterConfig.parse(configJson),
                new SignedSageMakerRuntime(signer, server.uri()),
                exposures,
                new RouterMetrics(new PrintStream(metricsBytes, true, StandardCharsets.UTF_8)),
                new PrintStream(logBytes, true, StandardCharsets.UTF_8));
    }

    PredictionRouter router(String configJson) {
        return router(configJson, memoryLog);
    }

    static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static RouterResponse predict(PredictionRouter r, String unit) {
        return r.route(
                "churn",
                Map.of("Content-Type", "application/json", "X-Unit-Id", unit),
                body("{\"instances\": [[1, 2]]}"));
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

    /**
     * 10,000 units through the router; the first 500 over the local server (each HTTP round trip costs ~1.5 ms on a
     * busy 2-CPU machine), the rest over an in-process runtime that records the variant it was asked for.
     */
    @Test
    void tenThousandUnitsSplitWithinOnePercentOfTheWeightsAndStayPut() {
        PredictionRouter overHttp = router(config(1.0, null));
        List<String> targeted = new ArrayList<>();
        PredictionRouter inProcess = new PredictionRouter(
                RouterConfig.parse(config(1.0, null)),
                request -> {
                    targeted.add(request.targetVariant());
                    return new InvokeResult(
                            200, "application/json", request.targetVariant(), body("{\"predictions\":[1]}"));
                },
                memoryLog,
                new RouterMetrics(new PrintStream(metricsBytes)),
                System.err);
        Random random = new Random(42);
        Map<String, Integer> counts = new HashMap<>();
        Map<String, String> first = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String unit = "u-" + Long.toHexString(random.nextLong());
            RouterResponse resp = predict(i < 500 ? overHttp : inProcess, unit);
            assertEquals(200, resp.status(), resp.bodyText());
            String variant = resp.headers().get("X-Cairn-Variant");
            assertEquals("churn-ab", resp.headers().get("X-Cairn-Experiment"));
            if (i < 500) {
                // the server answered as the variant the router named
                assertTrue(resp.bodyText().contains("\"variant\":\"" + variant + "\""), resp.bodyText());
                first.put(unit, variant);
            } else {
                assertEquals(variant, targeted.get(targeted.size() - 1));
            }
            counts.merge(variant, 1, Integer::sum);
        }
        assertEquals(500, server.seen().size());
        assertEquals(0.2, counts.get("v1") / 10_000.0, 0.01, counts.toString());
        assertEquals(0.3, counts.get("v2") / 10_000.0, 0.01, counts.toString());
        assertEquals(0.5, counts.get("v3") / 10_000.0, 0.01, counts.toString());
        first.forEach((unit, variant) -> {
            assertEquals(variant, predict(inProcess, unit).headers().get("X-Cairn-Variant"), unit);
            assertEquals(variant, predict(overHttp, unit).headers().get("X-Cairn-Variant"), unit);
        });
        assertEquals(11_000, events.size(), "one exposure event per assigned request");
    }

    @Test
    void theForwardedBodyHasOnlyTheInstancesWithNumbersAsSent() {
        PredictionRouter r = router(config(1.0, null));
        RouterResponse resp = r.route(
                "churn",
                JSON_HEADERS,
                body(
                        "{\"unitId\": \"u-1\", \"extra\": {\"x\": [1, {\"y\": null}]}, "
                                + "\"instances\": [{\"a\": 1e400, \"b\": 0.10, \"c\": \"\\u00e9\\n\", \"d\": [true, false, null]}]}"));
        assertEquals(200, resp.status(), resp.bodyText());
        assertEquals(
                "{\"instances\":[{\"a\":1e400,\"b\":0.10,\"c\":\"\u00e9\\n\",\"d\":[true,false,null]}]}",
                server.last().bodyText());
        assertEquals("cairn-demo-churn", server.last().rawPath().split("/")[2]);
        assertEquals("application/json", server.last().header("Accept"));
    }

    @Test
    void anUnknownModelIs404() throws Exception {
        RouterResponse resp = router(config(1.0, null)).route("nope", JSON_HEADERS, body("{\"instances\": []}"));
        assertEquals(404, resp.status());
        assertEquals(
                "unknown model 'nope': this router serves churn, plain",
                JSON.readTree(resp.body()).get("error").asText());
        assertEquals(0, server.seen().size());
    }

    @Test
    void aMissingUnitIdIs400WhenTheModelRunsAnExperiment() throws Exception {
        PredictionRouter r = router(config(1.0, null));
        RouterResponse resp = r.route("churn", JSON_HEADERS, body("{\"instances\": [[1]]}"));
        assertEquals(400, resp.status());
        assertTrue(
                JSON.readTree(resp.body())
                        .get("error")
                        .asText()
                        .startsWith(
                                "unit id missing: model churn runs experiment churn-ab; send header X-Unit-Id or body field \"unitId\""));
        assertEquals(
                400,
                r.route(
                                "churn",
                                Map.of("Content-Type", "application/json", "x-unit-id", "a"),
                                body("{\"unitId\": \"b\", \"instances\": [[1]]}"))
                        .status(),
                "conflicting ids");
        assertEquals(
                400,
                r.route(
                                "churn",
                                Map.of("Content-Type", "application/json", "X-Unit-Id", "x".repeat(257)),
                                body("{\"instances\": [[1]]}"))
                        .status(),
                "too long");
        // a model without experiment needs no unit id, and lower case header names work
        RouterResponse plain =
                r.route("plain", Map.of("content-type", "application/json"), body("{\"instances\": [[1]]}"));
        assertEquals(200, plain.status());
        assertEquals("only", plain.headers().get("X-Cairn-Variant"));
        assertNull(plain.headers().get("X-Cairn-Experiment"));
        assertEquals(0, events.size());
    }

    @Test
    void aUnitIdWithALoneSurrogateIs400AndExposureLoggingGoesOn(@TempDir Path dir) throws Exception {
        try (FileExposureLog files = new FileExposureLog(dir, 6L)) {
            PredictionRouter r = router(config(1.0, null), files);
            RouterResponse header = predict(r, "\ud800");
            RouterResponse field =
                    r.route("churn", JSON_HEADERS, body("{\"unitId\": \"a\\ud800\", \"instances\": [[1, 2]]}"));
            r.flush();
            assertEquals(400, header.status());
            assertEquals(
                    "unit id is not valid Unicode: a lone surrogate (\\ud800) at character 1; send the unit id as UTF-8 text",
                    JSON.readTree(field.body()).get("error").asText());
            for (int i = 0; i < 20; i++) {
                assertEquals(200, predict(r, "g-" + i).status());
                r.flush();
            }
            List<String> lines = LogLines.under(dir);
            assertEquals(20, lines.size());
            assertEquals(0, r.lostExposures());
        }
    }

    @Test
    void anOversizeBodyIs413() throws Exception {
        RouterResponse resp = router(config(1.0, null)).route("churn", JSON_HEADERS, new byte[256 * 1024 + 1]);
        assertEquals(413, resp.status());
        assertEquals(
                "request body is 262145 bytes, over the limit of 262144",
                JSON.readTree(resp.body()).get("error").asText());
    }

    @Test
    void aBodyThatIsNotJsonIs415() throws Exception {
        PredictionRouter r = router(config(1.0, null));
        RouterResponse text = r.route("churn", Map.of("Content-Type", "text/plain", "X-Unit-Id", "u"), body("{}"));
        assertEquals(415, text.status());
        assertEquals(
                "Content-Type must be application/json (charset UTF-8), was text/plain",
                JSON.readTree(text.body()).get("error").asText());
        assertEquals(415, r.route("churn", Map.of("X-Unit-Id", "u"), body("{}")).status());
        assertEquals(
                415,
                r.route(
                                "churn",
                                Map.of("Content-Type", "application/json; charset=latin1", "X-Unit-Id", "u"),
                                body("{\"instances\": [[1]]}"))
                        .status());
        assertEquals(
                200,
                r.route(
                                "churn",
                                Map.of("Content-Type", "Application/JSON; charset=\"UTF-8\"", "X-Unit-Id", "u"),
                                body("{\"instances\": [[1]]}"))
                        .status());
    }

    @Test
    void hostileBodiesAreRefusedAndTheNextRequestStillWorks() throws Exception {
        PredictionRouter r = router(config(1.0, null));
        Map<String, String> h = Map.of("Content-Type", "application/json", "X-Unit-Id", "u-1");
        byte[] invalidUtf8 = {
            '{',
            '"',
            'i',
            'n',
            's',
            't',
            'a',
            'n',
            'c',
            'e',
            's',
            '"',
            ':',
            '[',
            '"',
            (byte) 0xC3,
            (byte) 0x28,
            '"',
            ']',
            '}'
        };
        Map<String, byte[]> hostile = new java.util.LinkedHashMap<>();
        hostile.put("depth 10,000", body("{\"instances\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}"));
        hostile.put(
                "depth 10,000 in an ignored field",
                body("{\"x\": " + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + ", \"instances\": []}"));
        hostile.put("1 MB string", body("{\"instances\": [\"" + "a".repeat(1 << 20) + "\"]}"));
        hostile.put("invalid UTF-8", invalidUtf8);
        hostile.put("truncated", body("{\"instances\": [[1, 2], [3"));
        hostile.put("array at the top", body("[{\"instances\": []}]"));
        hostile.put("no instances", body("{\"unitId\": \"u\"}"));
        hostile.put("instances not an array", body("{\"instances\": {\"a\": 1}}"));
        hostile.put("duplicate instances", body("{\"instances\": [], \"instances\": [[1]]}"));
        hostile.put("trailing garbage", body("{\"instances\": []} {}"));
        hostile.put("empty", new byte[0]);
        hostile.put("unitId a number", body("{\"unitId\": 5, \"instances\": []}"));
        for (var e : hostile.entrySet()) {
            RouterResponse resp = r.route("churn", h, e.getValue());
            assertTrue(resp.status() >= 400 && resp.status() < 500, e.getKey() + ": " + resp.status());
            String error = JSON.readTree(resp.body()).get("error").asText();
            assertFalse(error.contains("at com.") || error.contains("Exception"), e.getKey() + ": " + error);
        }
        assertEquals(413, r.route("churn", h, hostile.get("1 MB string")).status());
        assertTrue(
                JSON.readTree(r.route("churn", h, hostile.get("depth 10,000")).body())
                        .get("error")
                        .asText()
                        .contains("nesting depth"),
                "names the nesting limit");
        assertEquals(0, server.seen().size(), "nothing hostile reached the endpoint");
        assertEquals(200, predict(r, "u-1").status());
        assertEquals(1, server.seen().size());
    }

    static String unitIn(PredictionRouter r, ExperimentConfig x, String variant) {
        ExperimentRouter er = new ExperimentRouter(x);
        for (int i = 0; ; i++) {
            Optional<Assignment> a = er.assign("unit-" + i);
            if (variant == null
                    ? a.isEmpty()
                    : a.isPresent() && a.get().variant().equals(variant)) {
                return "unit-" + i;
            }
        }
    }

    @Test
    void aFailingVariantIs502NamingItAndCountedInTheMetrics() throws Exception {
        server.answers(s -> "v2".equals(s.header("X-Amzn-SageMaker-Target-Variant"))
                ? LocalEndpoint.Answer.json(500, "{\"message\": \"model crashed\"}")
                : LocalEndpoint.sageMakerAnswer(s));
        PredictionRouter r = router(config(1.0, null));
        ExperimentConfig x = r.configVersion("churn").isPresent()
                ? RouterConfig.parse(config(1.0, null)).models().get("churn").experiment()
                : null;
        String v2Unit = unitIn(r, x, "v2");
        RouterResponse resp = predict(r, v2Unit);
        assertEquals(502, resp.status());
        JsonNode body = JSON.readTree(resp.body());
        assertEquals(
                "variant v2 of endpoint cairn-demo-churn failed: status 500: {\"message\": \"model crashed\"}",
                body.get("error").asText());
        assertEquals("v2", body.get("variant").asText());
        assertEquals(200, predict(r, unitIn(r, x, "v3")).status());
        r.flush();
        List<JsonNode> lines = metricLines();
        JsonNode v2 = lines.stream()
                .filter(l -> l.get("Variant").asText().equals("v2"))
                .findFirst()
                .orElseThrow();
        assertEquals("churn", v2.get("Model").asText());
        assertEquals(1, v2.get("Requests").asInt());
        assertEquals(1, v2.get("Errors").asInt());
        assertEquals(1, v2.get("LatencyMs").size());
        JsonNode v3 = lines.stream()
                .filter(l -> l.get("Variant").asText().equals("v3"))
                .findFirst()
                .orElseThrow();
        assertEquals(0, v3.get("Errors").asInt());
        JsonNode emf = v2.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals("Cairn/Router", emf.get("Namespace").asText());
        assertEquals("[[\"Model\",\"Variant\"]]", emf.get("Dimensions").toString());
        assertEquals(
                List.of("Requests", "Errors", "LatencyMs"),
                Stream.of(0, 1, 2)
                        .map(i -> emf.get("Metrics").get(i).get("Name").asText())
                        .toList());
        // the failed exposure is logged with its status
        assertEquals(502, events.get(0).status());
        assertEquals("v2", events.get(0).variant());
    }

    @Test
    void anInputTheModelRefusesIs400WithTheModelsReasonAndNotCountedAsAVariantError() throws Exception {
        // SageMaker's 424 ModelError envelope around the serving container's {"error": ...}
        server.answers(s -> LocalEndpoint.Answer.json(
                424,
                "{\"ErrorCode\": \"CLIENT_ERROR_FROM_MODEL\", "
                        + "\"OriginalStatusCode\": 400, \"OriginalMessage\": \"{\\\"error\\\": \\\"row 0 has no feature `spend`\\\"}\", "
                        + "\"Message\": \"Received client error (400) from primary\"}"));
        PredictionRouter r = router(config(1.0, null));
        RouterResponse resp = predict(r, "u-1");
        assertEquals(400, resp.status(), resp.bodyText());
        JsonNode body = JSON.readTree(resp.body());
        assertTrue(
                body.get("error").asText().endsWith("refused the request: row 0 has no feature `spend`"),
                resp.bodyText());
        r.flush();
        assertTrue(
                metricLines().stream().allMatch(l -> l.get("Errors").asInt() == 0),
                metricLines().toString());
    }

    @Test
    void aServerErrorFromTheModelIsStill502() throws Exception {
        server.answers(s -> LocalEndpoint.Answer.json(
                424,
                "{\"ErrorCode\": \"SERVER_ERROR_FROM_MODEL\", "
                        + "\"OriginalStatusCode\": 500, \"OriginalMessage\": \"boom\"}"));
        RouterResponse resp = predict(router(config(1.0, null)), "u-1");
        assertEquals(502, resp.status(), resp.bodyText());
    }

    @Test
    void anUnreachableEndpointIs502Too() throws Exception {
        PredictionRouter r = router(config(1.0, null));
        server.close();
        RouterResponse resp = predict(r, "u-1");
        assertEquals(502, resp.status());
        assertTrue(
                JSON.readTree(resp.body())
                        .get("error")
                        .asText()
                        .contains("of endpoint cairn-demo-churn failed: calling"),
                resp.bodyText());
    }

    @Test
    void unitsOutsideTheExperimentGetTheDefaultWithoutExposure() {
        PredictionRouter r = router(config(0.3, null));
        String outside = unitIn(
                r, RouterConfig.parse(config(0.3, null)).models().get("churn").experiment(), null);
        RouterResponse resp = predict(r, outside);
        assertEquals(200, resp.status());
        assertEquals("v1", resp.headers().get("X-Cairn-Variant"));
        assertNull(resp.headers().get("X-Cairn-Experiment"));
        assertEquals(0, events.size());
    }

    @Test
    void theShadowAnswerIsLoggedNeverReturned() {
        server.answers(s -> "v4".equals(s.header("X-Amzn-SageMaker-Target-Variant"))
                ? LocalEndpoint.Answer.json(200, "{\"predictions\":[\"shadow says 0.9\"]}")
                : LocalEndpoint.sageMakerAnswer(s));
        // a limit no busy machine reaches: this test is about what is logged, not about timing out
        PredictionRouter r = router(config(1.0, "{\"variant\": \"v4\", \"share\": 1.0, \"timeoutMs\": 20000}"));
        ExperimentConfig x =
                RouterConfig.parse(config(1.0, null)).models().get("churn").experiment();
        String unit = unitIn(r, x, "v3");
        RouterResponse resp = predict(r, unit);
        r.flush(); // settles the shadow call, which ran beside the main one
        assertEquals(200, resp.status());
        assertEquals("v3", resp.headers().get("X-Cairn-Variant"));
        assertEquals("{\"predictions\":[0.25],\"variant\":\"v3\"}", resp.bodyText());
        assertEquals(
                List.of("v3", "v4"),
                server.seen().stream()
                        .map(s -> s.header("X-Amzn-SageMaker-Target-Variant"))
                        .sorted()
                        .toList(),
                "the main call and the shadow");
        assertEquals(2, events.size());
        ExposureEvent main =
                events.stream().filter(e -> !e.shadow()).findFirst().orElseThrow();
        ExposureEvent shadow =
                events.stream().filter(ExposureEvent::shadow).findFirst().orElseThrow();
        assertFalse(main.shadow());
        assertNull(main.response());
        assertTrue(shadow.shadow());
        assertEquals("v4", shadow.variant());
        assertEquals("churn-ab", shadow.experiment());
        assertEquals(unit, shadow.unit());
        assertEquals(main.bucket(), shadow.bucket());
        assertEquals("{\"predictions\":[\"shadow says 0.9\"]}", shadow.response());
        assertEquals(r.configVersion("churn").orElseThrow(), shadow.configVersion());
    }

    @Test
    void aFailingShadowIsOnlyCounted() throws Exception {
        server.answers(s -> "v4".equals(s.header("X-Amzn-SageMaker-Target-Variant"))
                ? LocalEndpoint.Answer.json(503, "{}")
                : LocalEndpoint.sageMakerAnswer(s));
        PredictionRouter r = router(config(1.0, "{\"variant\": \"v4\", \"share\": 1.0, \"timeoutMs\": 20000}"));
        assertEquals(200, predict(r, "u-9").status());
        r.flush();
        JsonNode v4 = metricLines().stream()
                .filter(l -> l.get("Variant").asText().equals("v4"))
                .findFirst()
                .orElseThrow();
        assertEquals(1, v4.get("Errors").asInt());
        assertEquals(
                503,
                events.stream()
                        .filter(ExposureEvent::shadow)
                        .findFirst()
                        .orElseThrow()
                        .status());
    }

    @Test
    void aShadowShareSamplesThatShareOfUnits() {
        PredictionRouter r = router(config(1.0, "{\"variant\": \"v4\", \"share\": 0.25, \"timeoutMs\": 20000}"));
        for (int i = 0; i < 400; i++) {
            predict(r, "s-" + i);
            r.flush(); // each shadow call has reached the server once its request is settled
        }
        long shadowCalls = server.seen().stream()
                .filter(s -> "v4".equals(s.header("X-Amzn-SageMaker-Target-Variant")))
                .count();
        // deterministic per unit: the same 400 ids always give the same count, near a quarter
        assertEquals(0.25, shadowCalls / 400.0, 0.08);
        int before = server.seen().size();
        predict(r, "s-1");
        predict(r, "s-1");
        r.flush();
        long again = server.seen().size() - before;
        assertTrue(again == 2 || again == 4, "a unit is shadowed always or never: " + again);
    }

    @Test
    void exposureFilesLandInExperimentAndDatePartitions(@TempDir Path dir) throws Exception {
        try (FileExposureLog files = new FileExposureLog(dir, 5L)) {
            PredictionRouter r = router(config(1.0, null), files);
            Map<String, String> variants = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                variants.put("f-" + i, predict(r, "f-" + i).headers().get("X-Cairn-Variant"));
            }
            r.flush();
            Path day = dir.resolve("experiment=churn-ab").resolve("date=" + LocalDate.now(ZoneOffset.UTC));
            List<Path> found;
            try (Stream<Path> s = Files.list(dir.resolve("experiment=churn-ab"))) {
                found = s.flatMap(d -> {
                            try {
                                return Files.list(d);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        })
                        .toList();
            }
            assertTrue(
                    found.stream().allMatch(f -> f.getFileName().toString().matches("exposures-5-\\d+\\.jsonl")),
                    found.toString());
            List<String> lines = new ArrayList<>();
            for (Path f : found) {
                lines.addAll(Files.readAllLines(f));
            }
            assertEquals(20, lines.size());
            assertTrue(found.stream().anyMatch(f -> f.getParent().equals(day)), "today's partition: " + found);
            for (String line : lines) {
                JsonNode e = JSON.readTree(line);
                assertEquals("churn-ab", e.get("experiment").asText());
                assertEquals("churn", e.get("model").asText());
                assertEquals(
                        variants.get(e.get("unit").asText()), e.get("variant").asText());
                assertTrue(e.get("bucket").asInt() >= 0 && e.get("bucket").asInt() < 10_000);
                assertEquals(200, e.get("status").asInt());
                assertTrue(e.get("latencyMs").asDouble() > 0);
                assertEquals(
                        r.configVersion("churn").orElseThrow(),
                        e.get("configVersion").asText());
                assertFalse(e.get("shadow").asBoolean());
                assertTrue(e.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
            }
        }
    }

    @Test
    void aPreviousConfigIsDiffedAtStartAndLoggedOnce() {
        String json = config(1.0, null)
                .replace(
                        "\"coverage\": 1.0,",
                        "\"coverage\": 1.0, \"previous\": {\"name\": \"churn-ab\", \"salt\": \"churn-ab-1\", \"coverage\": 1.0, "
                                + "\"variants\": [{\"name\": \"v1\", \"weight\": 0.3}, {\"name\": \"v2\", \"weight\": 0.2}, "
                                + "{\"name\": \"v3\", \"weight\": 0.5}]},");
        PredictionRouter r = router(json);
        ConfigDiff d = r.configChanges().get("churn");
        // v1 shrank from [0, 3000) to [0, 2000): buckets 2000..2999 moved from v1 to v2
        assertEquals(1000, d.reassignedBuckets());
        assertTrue(d.flagged());
        String log = logBytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, log.lines().count(), log);
        assertTrue(
                log.contains("model churn experiment churn-ab changed")
                        && log.contains("10.00% of units reassigned")
                        && log.contains("FLAGGED"),
                log);
        assertTrue(router(config(1.0, null)).configChanges().isEmpty());
    }
}
