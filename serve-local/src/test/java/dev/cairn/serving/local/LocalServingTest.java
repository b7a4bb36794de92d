package dev.cairn.serving.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.client.Task;
import dev.cairn.datastore.BlobStore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.serving.ModelArchive;
import dev.cairn.serving.ModelExport;
import dev.cairn.serving.ModelManifest;
import dev.cairn.serving.ScorerFlows;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn serve}'s stack over real HTTP: the router Lambda's handler behind the local API, signing
 * InvokeEndpoint calls to the local SageMaker runtime, which forwards to one model server per variant.
 */
class LocalServingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROW = "{\"tenure\": 1, \"spend\": 2}"; // v1 scores 1 + 2 - 1 = 2.0; v2 (bias 101) 102.0
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    static Path v1;
    static Path v2;
    static LocalServing single;
    static LocalServing experiment;
    static Path exposures;

    @BeforeAll
    static void exportTwoVersionsAndServe() throws Exception {
        Task task = ScorerFlows.trainedTask(dir.resolve("datastore"));
        v1 = dir.resolve("v1.tar.gz");
        new ModelExport(new LocalObjectStore(dir.resolve("datastore")), LocalServingTest.class.getClassLoader())
                .export(task, "model", v1);
        v2 = withBias(v1, 101.0, dir.resolve("v2.tar.gz"));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        single = LocalServing.start(
                ServeConfig.ofModels(List.of("scorer=" + v1)), 0, dir.resolve("single"), quiet, quiet);
        exposures = dir.resolve("exposures");
        experiment =
                LocalServing.start(ServeConfig.ofModels(List.of("churn=" + v1 + "," + v2)), 0, exposures, quiet, quiet);
    }

    @AfterAll
    static void stop() {
        single.close();
        experiment.close();
    }

    /** The same model with another bias: a second version whose answers tell which variant answered. */
    private static Path withBias(Path archive, double bias, Path out) throws IOException {
        ModelArchive.Contents contents = ModelArchive.read(archive);
        ObjectNode value = (ObjectNode) JSON.readTree(contents.artifact());
        value.put("bias", bias);
        byte[] artifact = JSON.writeValueAsBytes(value);
        ModelManifest m = contents.manifest();
        ModelManifest manifest = new ModelManifest(
                m.format(),
                m.project(),
                m.flow(),
                m.branch(),
                m.run(),
                m.step(),
                m.task(),
                m.artifact(),
                m.valueType(),
                m.codec(),
                BlobStore.sha256(artifact),
                m.codeVersion(),
                m.exportedAt());
        try (OutputStream stream = Files.newOutputStream(out)) {
            ModelArchive.write(manifest, artifact, stream);
        }
        return out;
    }

    private static HttpResponse<String> predict(
            LocalServing serving, String model, String contentType, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(serving.url().resolve("/models/" + model + "/predict"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> predictAs(String unit, String body) throws Exception {
        return predict(experiment, "churn", "application/json", Map.of("X-Unit-Id", unit), body);
    }

    private static double score(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body())
                .get("predictions")
                .get(0)
                .get("score")
                .asDouble();
    }

    @Test
    void aSingleModelAnswersThroughRouterSageMakerAndModelServer() throws Exception {
        HttpResponse<String> response =
                predict(single, "scorer", "application/json", Map.of(), "{\"instances\": [" + ROW + "]}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("v1", response.headers().firstValue("X-Cairn-Variant").orElseThrow());
        assertEquals(2.0, score(response));
    }

    @Test
    void unitsAreSplitBetweenVariantsStablyAndEachExposureIsLogged() throws Exception {
        Map<String, String> variantOf = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> response = predictAs("user-" + i, "{\"instances\": [" + ROW + "]}");
            assertEquals(200, response.statusCode(), response.body());
            String variant = response.headers().firstValue("X-Cairn-Variant").orElseThrow();
            assertEquals(
                    "churn", response.headers().firstValue("X-Cairn-Experiment").orElseThrow());
            assertEquals(
                    variant.equals("v1") ? 2.0 : 102.0, score(response), "the answer comes from the variant named");
            variantOf.put("user-" + i, variant);
        }
        assertTrue(variantOf.containsValue("v1") && variantOf.containsValue("v2"), variantOf.toString());
        for (int i = 0; i < 10; i++) {
            assertEquals(
                    variantOf.get("user-" + i),
                    predictAs("user-" + i, "{\"instances\": [" + ROW + "]}")
                            .headers()
                            .firstValue("X-Cairn-Variant")
                            .orElseThrow());
        }

        List<JsonNode> events = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(exposures.resolve("experiment=churn"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertTrue(f.getParent().getFileName().toString().startsWith("date="), f.toString());
                for (String line : Files.readAllLines(f)) {
                    events.add(JSON.readTree(line));
                }
            }
        }
        Map<String, String> logged = new HashMap<>();
        events.forEach(e -> logged.put(e.get("unit").asText(), e.get("variant").asText()));
        for (int i = 0; i < 100; i++) {
            assertEquals(variantOf.get("user-" + i), logged.get("user-" + i), "exposure of user-" + i);
        }
    }

    @Test
    void hostileRequestsGetA4xxAndServingGoesOn() throws Exception {
        String deep = "{\"instances\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        String huge = "{\"instances\": [{\"tenure\": \"" + "x".repeat(1 << 20) + "\"}]}";
        for (int round = 0; round < 3; round++) {
            assertEquals(400, predictAs("u", "{\"instances\": [").statusCode(), "truncated JSON");
            assertEquals(400, predictAs("u", "[1, 2]").statusCode(), "not an object");
            assertEquals(400, predictAs("u", deep).statusCode(), "deep nesting");
            assertEquals(413, predictAs("u", huge).statusCode(), "huge string");
            assertEquals(
                    415,
                    predict(experiment, "churn", "text/plain", Map.of("X-Unit-Id", "u"), "hello")
                            .statusCode());
            assertEquals(
                    400,
                    predict(experiment, "churn", "application/json", Map.of(), "{\"instances\": [" + ROW + "]}")
                            .statusCode(),
                    "no unit id while an experiment runs");
            assertEquals(
                    404,
                    predict(experiment, "nope", "application/json", Map.of("X-Unit-Id", "u"), "{\"instances\": []}")
                            .statusCode());
            HttpResponse<String> get = HTTP.send(
                    HttpRequest.newBuilder(experiment.url().resolve("/models/churn/predict"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, get.statusCode());
            assertTrue(JSON.readTree(predictAs("u", "{").body()).has("error"), "errors are JSON");
        }
        assertEquals(
                200,
                predictAs("after-the-storm", "{\"instances\": [" + ROW + "]}").statusCode());
    }

    @Test
    void aRowTheModelRefusesIs400WithTheModelsReason() throws Exception {
        HttpResponse<String> response = predict(
                single,
                "scorer",
                "application/json",
                Map.of(),
                "{\"instances\": [{\"tenure\": 1}]}"); // the model refuses a row without `spend`
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body());
        assertEquals("v1", error.get("variant").asText());
        assertTrue(error.get("error").asText().contains("row 0 has no feature `spend`"), error.toString());
    }

    @Test
    void everyListenerIsOnTheLoopbackInterfaceByDefault() {
        List<java.net.InetSocketAddress> listeners = experiment.listeners();

        assertEquals(4, listeners.size(), "API, SageMaker runtime and two model servers: " + listeners);
        assertTrue(listeners.stream().allMatch(a -> a.getAddress().isLoopbackAddress()), listeners::toString);
    }

    @Test
    void everyListenerTakesTheHostGiven() throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (LocalServing serving = LocalServing.start(
                ServeConfig.ofModels(List.of("scorer=" + v1)),
                java.net.InetAddress.getByName("0.0.0.0"),
                0,
                dir.resolve("any"),
                quiet,
                quiet)) {
            List<java.net.InetSocketAddress> listeners = serving.listeners();
            assertEquals(3, listeners.size(), listeners::toString);
            assertTrue(listeners.stream().allMatch(a -> a.getAddress().isAnyLocalAddress()), listeners::toString);
            HttpResponse<String> response =
                    predict(serving, "scorer", "application/json", Map.of(), "{\"instances\": [" + ROW + "]}");
            assertEquals(200, response.statusCode(), response.body());
        }
    }

    @Test
    void aVariantWhoseServerIsDownGives502NamingIt() throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (LocalServing serving = LocalServing.start(
                ServeConfig.ofModels(List.of("scorer=" + v1)), 0, dir.resolve("down"), quiet, quiet)) {
            serving.stopModelServers();
            HttpResponse<String> response =
                    predict(serving, "scorer", "application/json", Map.of(), "{\"instances\": [" + ROW + "]}");
            assertEquals(502, response.statusCode(), response.body());
            JsonNode error = JSON.readTree(response.body());
            assertEquals("v1", error.get("variant").asText());
            assertTrue(
                    error.get("error").asText().startsWith("variant v1 of endpoint scorer failed"), error.toString());
        }
    }

    @Test
    void aServeConfigMustExportEveryVariantItRoutesTo() {
        String router =
                "{\"models\": {\"churn\": {\"endpoint\": \"churn\", \"variants\": [\"v1\", \"v2\"], \"default\": \"v1\"}}}";
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new ServeConfig(router, Map.of("churn", Map.of("v1", v1))));
        assertTrue(e.getMessage().contains("exports.churn.v2 is missing"), e.getMessage());
    }

    @Test
    void slowClientsDoNotHoldUpOtherRequests() throws Exception {
        int port = single.url().getPort();
        List<java.net.Socket> slow = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                java.net.Socket socket = new java.net.Socket("127.0.0.1", port);
                String request = i % 2 == 0
                        ? "POST /models/scorer/predict HTTP/1.1\r\nHost: localhost\r\nContent-Ty" // half a header
                        : "POST /models/scorer/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                                + "\r\nContent-Length: 1000\r\n\r\n{\"instances\": ["; // a body that trickles
                socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }

            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(single.url().resolve("/models/scorer/predict"))
                            .timeout(java.time.Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [" + ROW + "]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode(), response.body());
            for (java.net.Socket socket : slow) {
                socket.setSoTimeout(1);
                assertThrows(
                        java.net.SocketTimeoutException.class,
                        () -> socket.getInputStream().read(),
                        "the slow client is still connected, unanswered, while the other request was answered");
            }
        } finally {
            for (java.net.Socket socket : slow) {
                socket.close();
            }
        }
    }
}
