package dev.cairn.serving.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Task;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.serving.ModelExport;
import dev.cairn.serving.RawHttp;
import dev.cairn.serving.ScorerFlows;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn serve}'s local API Gateway sent what a hostile or broken client sends, on a raw socket: JSON errors,
 * no reset connections, no HTML pages, and the other clients still served.
 */
@Timeout(60)
class LocalServingHostileRequestsTest {
    private static final String ROW = "{\"tenure\": 1, \"spend\": 2}";

    @TempDir
    static Path dir;

    static LocalServing serving;

    @BeforeAll
    static void serve() throws Exception {
        Task task = ScorerFlows.trainedTask(dir.resolve("datastore"));
        Path v1 = dir.resolve("v1.tar.gz");
        new ModelExport(
                        new LocalObjectStore(dir.resolve("datastore")),
                        LocalServingHostileRequestsTest.class.getClassLoader())
                .export(task, "model", v1);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        serving = LocalServing.start(
                ServeConfig.ofModels(List.of("scorer=" + v1)), 0, dir.resolve("exposures"), quiet, quiet);
    }

    @AfterAll
    static void stop() {
        serving.close();
    }

    @Test
    void malformedEscapeInTheModelNameIsAJson400() throws Exception {
        try (Socket client = socket()) {
            RawHttp.write(client, "POST /models/%ZZ/predict HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");

            String answer = RawHttp.read(client).text();
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
            assertTrue(
                    answer.contains("\"error\":\"the request target /models/%ZZ/predict is not a valid URI"), answer);
            assertFalse(answer.contains("URISyntaxException"), answer);
        }
    }

    @Test
    void oneMegabyteHeaderIs431WhileAPredictionIsAnswered() throws Exception {
        try (Socket hostile = socket()) {
            String request = "POST /models/scorer/predict HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                    + "a".repeat(1024 * 1024) + "\r\n\r\n";
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> RawHttp.write(hostile, request));

            HttpResponse<String> prediction = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(serving.url().resolve("/models/scorer/predict"))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [" + ROW + "]}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, prediction.statusCode(), prediction.body());

            sending.join();
            String answer = RawHttp.read(hostile).text();
            assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
            assertTrue(answer.contains("\"error\":\"the request's headers are over 16384 bytes in all"), answer);
        }
    }

    private static Socket socket() throws IOException {
        return RawHttp.connect(serving.url().getPort());
    }
}
