package dev.cairn.examples.countrymodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.client.CairnClient;
import dev.cairn.client.Task;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import dev.cairn.serving.ExportedModel;
import dev.cairn.serving.ModelArchive;
import dev.cairn.serving.ModelExport;
import dev.cairn.serving.ModelServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A country's best model trained by the flow, exported from the datastore, and served over HTTP as SageMaker would. */
class CountryModelServingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void bestModelOfARunIsExportedServedAndPredictsChurn() throws Exception {
        RunRecord run = LocalRuntime.run(
                FlowGraph.of(CountryModels.class),
                Map.of("countries", "1", "settings", "2"),
                RunOptions.defaults().withDatastore(root.resolve("datastore")).withBranch("test.serving"));
        Task task = CairnClient.local(root.resolve("datastore"), "test.serving")
                .flow("CountryModels")
                .run(run.run())
                .step("bestPerCountry")
                .task("0-0");
        CountryModel model =
                CountryModel.load(task.artifact("best", TrainedModel.class).model());

        ExportedModel exported = new ModelExport(
                        new LocalObjectStore(root.resolve("datastore")),
                        getClass().getClassLoader())
                .export(task, "best");
        Path modelDir = root.resolve("opt/ml/model");
        ModelArchive.extract(Path.of(exported.location()), modelDir);

        try (ModelServer server = ModelServer.start(modelDir, 0)) {
            double[] loyal = {70, 50, 0};
            double[] unhappy = {2, 90, 6};
            Map<String, Object> loyalByName = new LinkedHashMap<>();
            for (int f = 0; f < loyal.length; f++) {
                loyalByName.put(model.features().get(f), loyal[f]);
            }
            String body = JSON.writeValueAsString(Map.of("instances", List.of(loyalByName, unhappy)));

            HttpResponse<String> response = invoke(server, "application/json", "application/json", body);

            assertEquals(200, response.statusCode(), response.body());
            JsonNode predictions = JSON.readTree(response.body()).get("predictions");
            assertEquals(2, predictions.size());
            assertEquals(model.predict(loyal), predictions.get(0).get("label").asText());
            assertEquals(
                    model.churnProbability(loyal),
                    predictions.get(0).get("churnProbability").asDouble(),
                    1e-12);
            assertEquals(model.predict(unhappy), predictions.get(1).get("label").asText());
            assertEquals(
                    model.churnProbability(unhappy),
                    predictions.get(1).get("churnProbability").asDouble(),
                    1e-12);
            assertTrue(
                    model.churnProbability(unhappy) > model.churnProbability(loyal), "an unhappy customer churns more");
            assertEquals(
                    model.predict(unhappy) + "," + model.churnProbability(unhappy) + "\n",
                    invoke(server, "text/csv", "text/csv", "2,90,6\n").body());
        }
    }

    private static HttpResponse<String> invoke(ModelServer server, String contentType, String accept, String body)
            throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/invocations"))
                                .header("Content-Type", contentType)
                                .header("Accept", accept)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
