package dev.cairn.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Task;
import dev.cairn.datastore.LocalObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The model server over real HTTP, serving a {@link LinearScorer} trained by a flow and exported from the datastore. */
class ModelServerTest {
    static final String JSON = "application/json";
    static final String CSV = "text/csv";
    // score = 1 + 2 * tenure - 0.5 * spend: (1, 2) scores 2.0, (0, 10) scores -4.0
    static final String TWO_ANSWERS =
            "{\"predictions\":[{\"score\":2.0,\"label\":\"high\"},{\"score\":-4.0,\"label\":\"low\"}]}";

    @TempDir
    static Path root;

    static Path archive;
    static Path modelDir;
    static ModelServer server;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void exportAndServe() throws Exception {
        Task task = ScorerFlows.trainedTask(root.resolve("datastore"));
        archive = root.resolve("model.tar.gz");
        new ModelExport(new LocalObjectStore(root.resolve("datastore")), ModelServerTest.class.getClassLoader())
                .export(task, "model", archive);
        modelDir = root.resolve("opt/ml/model");
        ModelArchive.extract(archive, modelDir);
        server = ModelServer.start(modelDir, 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return post(path, contentType, null, body);
    }

    private static HttpResponse<String> post(String path, String contentType, String accept, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }

    private static void assertError(int status, String message, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(JSON, response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"error\":\"" + message + "\"}", response.body());
    }

    @Test
    void pingAnswers200OnceLoaded() throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(uri("/ping")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"model\":\"Scorer/"), response.body());
    }

    @Test
    void jsonObjectsArePredictedInOrder() throws Exception {
        HttpResponse<String> response = post(
                "/invocations",
                JSON,
                "{\"instances\": [{\"tenure\": 1, \"spend\": 2}, {\"spend\": 10, \"tenure\": 0, \"extra\": \"ignored\"}]}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(JSON, response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(TWO_ANSWERS, response.body());
    }

    @Test
    void jsonArraysAreValuesInFeatureOrder() throws Exception {
        HttpResponse<String> response =
                post("/invocations", JSON + "; charset=utf-8", "{\"instances\": [[1, 2], [0, 10.0]]}");

        assertEquals(TWO_ANSWERS, response.body());
    }

    @Test
    void csvRowsAreAnsweredAsJson() throws Exception {
        HttpResponse<String> response = post("/invocations", CSV, "1,2\r\n0,10\n\n");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(TWO_ANSWERS, response.body());
    }

    @Test
    void csvWithAcceptCsvIsAnsweredWithCsvLines() throws Exception {
        HttpResponse<String> response = post("/invocations", CSV, CSV, "1,2\n0,10\n");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(
                "text/csv; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("2.0,high\n-4.0,low\n", response.body());
    }

    @Test
    void rowMissingAFeatureIs400NamingRowAndFeature() throws Exception {
        assertError(
                400,
                "row 1 has no feature `spend`",
                post("/invocations", JSON, "{\"instances\": [{\"tenure\": 1, \"spend\": 2}, {\"tenure\": 3}]}"));
    }

    @Test
    void nonNumericValueIs400NamingRowAndFeature() throws Exception {
        assertError(400, "row 0, feature `tenure`: ten is not a number", post("/invocations", CSV, "ten,2\n"));
    }

    @Test
    void arrayRowOfTheWrongLengthIs400NamingTheFeatures() throws Exception {
        assertError(
                400,
                "row 0 has 3 values; the model takes 2, in this order: [tenure, spend]",
                post("/invocations", JSON, "{\"instances\": [[1, 2, 3]]}"));
    }

    @Test
    void malformedJsonIs400() throws Exception {
        HttpResponse<String> response = post("/invocations", JSON, "{\"instances\": [{\"tenure\": 1,}]}");

        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("{\"error\":\"the body is not valid JSON: "), response.body());
        assertTrue(!response.body().contains("\tat "), "no stack trace");
    }

    @Test
    void bodyWithoutInstancesIs400SayingWhatToSend() throws Exception {
        HttpResponse<String> response = post("/invocations", JSON, "[[1, 2]]");

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("the body has no \\\"instances\\\" array"), response.body());
    }

    @Test
    void deeplyNestedJsonIs400() throws Exception {
        String deep = "[".repeat(1000) + "]".repeat(1000);

        HttpResponse<String> response = post("/invocations", JSON, "{\"instances\": [{\"tenure\": " + deep + "}]}");

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("nesting depth"), response.body());
    }

    @Test
    @Timeout(10)
    void oversizeBodyDeclaredByContentLengthIsRejectedWith413BeforeItIsSent() throws Exception {
        // headers only: the server must answer without waiting for a body it will not read
        try (Socket socket = new Socket("localhost", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /invocations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + (7 * 1024 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readResponse(socket.getInputStream());

            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
            assertTrue(
                    response.endsWith("{\"error\":\"the request body is 7340032 bytes; at most 6291456 bytes (6 MB,"
                            + " SageMaker's limit) are accepted: send fewer rows per request\"}"),
                    response);
        }
    }

    /** One HTTP/1.1 response: its head, then as many body bytes as its Content-Length says. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        java.util.regex.Matcher length =
                java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        assertTrue(length.find(), head.toString());
        return head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
    }

    @Test
    void oversizeStreamedBodyIsRejectedWith413WhileReading() throws Exception {
        byte[] body = new byte[InvocationsHandler.MAX_BODY_BYTES + 10];
        java.util.Arrays.fill(body, (byte) ' ');
        HttpRequest request = HttpRequest.newBuilder(uri("/invocations"))
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build(); // chunked

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertError(
                413,
                "the request body is over 6291456 bytes; at most 6291456 bytes (6 MB, SageMaker's limit) are accepted:"
                        + " send fewer rows per request",
                response);
    }

    @Test
    void otherContentTypeIs415() throws Exception {
        assertError(
                415,
                "Content-Type application/x-protobuf: send application/json or text/csv",
                post("/invocations", "application/x-protobuf", "\u0001\u0002"));
    }

    @Test
    void otherPathIs404() throws Exception {
        assertError(
                404,
                "no such path /predict: this server answers GET /ping and POST /invocations",
                post("/predict", JSON, "{}"));
    }

    @Test
    void wrongMethodIs405() throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(uri("/invocations")).build(), HttpResponse.BodyHandlers.ofString());

        assertError(405, "/invocations takes POST, not GET", response);
        assertEquals("POST", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void serverKeepsServingAfterBadRequests() throws Exception {
        post("/invocations", JSON, "{not json");
        post("/invocations", "text/plain", "1,2");
        post("/invocations", JSON, "{\"instances\": [[" + "[".repeat(100) + "]".repeat(100) + "]]}");
        post("/invocations", CSV, "\"unclosed,2\n");

        assertEquals(
                TWO_ANSWERS,
                post("/invocations", JSON, "{\"instances\": [[1, 2], [0, 10]]}").body());
        assertEquals(
                200,
                http.send(HttpRequest.newBuilder(uri("/ping")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode());
    }

    @Test
    void folderHoldingOnlyTheArchiveIsServedToo() throws Exception {
        Path dir = Files.createDirectories(root.resolve("archive-only"));
        Files.copy(archive, dir.resolve("model.tar.gz"));

        try (ModelServer other = ModelServer.start(dir, 0)) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + other.port() + "/invocations"))
                            .header("Content-Type", CSV)
                            .POST(HttpRequest.BodyPublishers.ofString("1,2\n0,10"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(TWO_ANSWERS, response.body());
        }
    }

    @Test
    void valueTypeThatIsNoPredictorIsRefusedBeforeDecoding() throws Exception {
        Path dir = Files.createDirectories(root.resolve("not-a-predictor"));
        ModelManifest manifest = ModelArchive.read(archive).manifest();
        ModelManifest plain = new ModelManifest(
                1,
                manifest.project(),
                manifest.flow(),
                manifest.branch(),
                manifest.run(),
                manifest.step(),
                manifest.task(),
                "notes",
                "java.lang.String",
                "json",
                manifest.sha256(),
                null,
                null);
        Files.write(dir.resolve("manifest.json"), plain.toJson());
        Files.write(dir.resolve("artifact"), new byte[] {(byte) 0xff, 0}); // would fail to decode: it is never tried

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelServer.start(dir, 0));

        assertTrue(
                e.getMessage()
                        .contains("is a java.lang.String, which cannot be served: make it implement"
                                + " dev.cairn.flow.serving.Predictor"),
                e.getMessage());
    }

    @Test
    void damagedArtifactIsRefusedNamingTheFile() throws Exception {
        Path dir = Files.createDirectories(root.resolve("damaged"));
        Files.copy(modelDir.resolve("manifest.json"), dir.resolve("manifest.json"));
        Files.writeString(dir.resolve("artifact"), "{\"features\": [], \"weights\": [], \"bias\": 9}");

        IOException e = assertThrows(IOException.class, () -> ModelServer.start(dir, 0));

        assertTrue(e.getMessage().startsWith(dir.resolve("artifact") + " is damaged: its SHA-256 is "), e.getMessage());
    }

    @Test
    void emptyFolderSaysNoModel() {
        IOException e = assertThrows(IOException.class, () -> ModelServer.start(root.resolve("empty"), 0));

        assertTrue(e.getMessage().startsWith("no model in " + root.resolve("empty")), e.getMessage());
    }
}
