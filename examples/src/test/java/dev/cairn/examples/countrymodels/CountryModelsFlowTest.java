package dev.cairn.examples.countrymodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.CairnClient;
import dev.cairn.client.Run;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example flow end to end, read back the way the README shows. */
class CountryModelsFlowTest {
    @TempDir
    Path root;

    @Test
    void runKeepsEachCountrysBestModelWithItsSettingsAndScore() throws Exception {
        RunRecord record = LocalRuntime.run(
                FlowGraph.of(CountryModels.class),
                Map.of("countries", "3", "settings", "4"),
                RunOptions.defaults().withDatastore(root).withBranch("test.readme"));
        assertEquals(RunStatus.SUCCEEDED, record.status());

        CairnClient cairn = CairnClient.local(root, "test.readme");
        Run run = cairn.flow("CountryModels").latestSuccessful().orElseThrow();
        assertEquals(
                3 + 3 * 4 + 3 + 3,
                run.steps().stream().mapToInt(s -> s.tasks().size()).sum());

        List<HyperParameters> grid = HyperParameters.grid(4);
        for (int country = 0; country < 3; country++) {
            String prefix = "0-" + country + "-";
            TrainedModel best = run.step("bestPerCountry").task("0-" + country).artifact("best", TrainedModel.class);
            assertTrue(grid.contains(best.hyperParameters()), "the best setting is one of the search");
            double bestTrainScore = run.step("train").tasks().stream()
                    .filter(t -> t.id().startsWith(prefix))
                    .mapToDouble(t -> t.artifact("accuracy", Double.class))
                    .max()
                    .orElseThrow();
            assertEquals(
                    bestTrainScore, best.validationAccuracy(), 1e-12, "retraining the winner reproduces its score");
            CountryModel model = CountryModel.load(best.model());
            @SuppressWarnings("unchecked")
            Map<String, Object> files = (Map<String, Object>)
                    run.step("country").task("0-" + country).artifact("trainingSetFiles");
            assertTrue(
                    ((Number) files.get("rows")).longValue() > 0, "the country's training set was unloaded as Parquet");
            for (Object file : (List<?>) files.get("files")) {
                assertTrue(
                        java.nio.file.Files.size(
                                        Path.of(file.toString()).isAbsolute()
                                                ? Path.of(file.toString())
                                                : Path.of(files.get("location").toString(), file.toString()))
                                > 0,
                        "parquet file " + file);
            }
            assertTrue(model.churnProbability(new double[] {12, 80, 3}) >= 0);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> summary =
                (List<Map<String, Object>>) run.step("end").task().artifact("summary");
        assertEquals(
                CountryDataset.countryCodes(3),
                summary.stream().map(row -> row.get("country")).toList());
        assertTrue(run.step("end").task().stdout().startsWith("3 countries, mean validation accuracy"));
        assertTrue(
                run.step("summary").task().record().card() != null,
                "the summary step adds the table of best models to the card");
        assertTrue(
                run.step("bestPerCountry").tasks().stream()
                        .allMatch(t -> t.record().card() != null),
                "one chart per country");
    }

    @Test
    void cardShowsTheGraphTimelineScoresPerCountryAndBestModels() throws Exception {
        LocalRuntime.run(
                FlowGraph.of(CountryModels.class),
                Map.of("countries", "3", "settings", "4"),
                RunOptions.defaults().withDatastore(root).withBranch("test.card"));
        CairnClient cairn = CairnClient.local(root, "test.card");
        Run run = cairn.flow("CountryModels").latest().orElseThrow();
        Path card = dev.cairn.cards.RunCard.write(
                cairn, FlowGraph.of(CountryModels.class), "CountryModels", run.id(), root.resolve("card.html"));
        org.jsoup.nodes.Document html = org.jsoup.Jsoup.parse(card.toFile());
        String graph = html.select("section.graph").text();
        for (String step : List.of("start", "country", "train", "bestPerCountry", "summary", "end")) {
            assertTrue(graph.contains(step), "graph shows step " + step);
        }
        assertTrue(!html.select("section.timeline svg rect").isEmpty(), "timeline has bars");
        assertEquals(
                3,
                html.select("section.cards svg.chart g.points").size(),
                "one accuracy-per-setting series per country");
        List<String> points =
                html.select("section.cards svg.chart circle.point title").eachText();
        for (HyperParameters setting : HyperParameters.grid(4)) {
            assertTrue(
                    points.stream().anyMatch(p -> p.startsWith(setting + " · ")),
                    "a point is labelled with its setting " + setting + ", not its index: " + points);
        }
        String cards = html.select("section.cards").text();
        for (String country : CountryDataset.countryCodes(3)) {
            assertTrue(cards.contains(country), "best model of " + country + " is in the card");
        }
        assertTrue(cards.contains("best model per country"));
    }
}
