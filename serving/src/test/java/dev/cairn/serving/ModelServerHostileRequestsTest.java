package dev.cairn.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Task;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.formats.Json;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model server the serving image runs, sent what a hostile or broken client sends, on a raw socket: every answer
 * is a JSON error a client can act on, never a reset connection, an HTML page or a library's internals.
 */
@Timeout(60)
class ModelServerHostileRequestsTest {
    @TempDir
    static Path root;

    static ModelServer server;

    @BeforeAll
    static void exportAndServe() throws Exception {
        Task task = ScorerFlows.trainedTask(root.resolve("datastore"));
        Path archive = root.resolve("model.tar.gz");
        new ModelExport(
                        new LocalObjectStore(root.resolve("datastore")),
                        ModelServerHostileRequestsTest.class.getClassLoader())
                .export(task, "model", archive);
        Path modelDir = root.resolve("model");
        ModelArchive.extract(archive, modelDir);
        server = ModelServer.start(modelDir, 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void oneMegabyteHeaderIs431WhileAnotherClientIsAnswered() throws Exception {
        try (Socket hostile = socket()) {
            String request =
                    "POST /invocations HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(1024 * 1024) + "\r\n\r\n";
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> RawHttp.write(hostile, request));

            HttpResponse<String> ping = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/ping"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ping.statusCode(), ping.body());

            sending.join();
            String answer = RawHttp.read(hostile).text();
            assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
            assertTrue(
                    answer.endsWith("{\"error\":\"the request's headers are over 16384 bytes in all: send fewer or"
                            + " shorter headers\"}"),
                    answer);
        }
    }

    @Test
    void malformedEscapeInTheTargetIsAJson400() throws Exception {
        try (Socket client = socket()) {
            RawHttp.write(client, "POST /invocations/%ZZ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");

            String answer = RawHttp.read(client).text();
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
            assertTrue(answer.contains("\"error\":\"the request target /invocations/%ZZ is not a valid URI"), answer);
            assertFalse(answer.contains("URISyntaxException"), answer);
        }
    }

    @Test
    void tooDeeplyNestedJsonIs400WithoutJacksonsInternals() throws Exception {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/invocations"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": " + deep + "}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode(), response.body());
        String error = Json.UNTRUSTED.readTree(response.body()).get("error").asText();
        assertTrue(error.startsWith("the body is not valid JSON: "), error);
        assertTrue(error.contains("nesting depth"), error);
        assertFalse(error.contains("StreamReadConstraints"), error);
        assertFalse(error.contains("Source:"), error);
    }

    private static Socket socket() throws IOException {
        return RawHttp.connect(server.port());
    }
}
