package dev.cairn.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Cairn;
import dev.cairn.client.Run;
import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import dev.cairn.testing.CairnDatastore;
import dev.cairn.testing.CairnExtension;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a card states about a run: its numbers, its bytes, its fan-out widths and, when resumed, its own time. */
@ExtendWith(CairnExtension.class)
class RunFactsTest {
    static Run precise;
    static Run failed;
    static Run resumed;

    @BeforeAll
    static void runTheFlows(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
        precise = cairn.run(ChartFlows.Precise.class, Map.of());
        // one worker: item 0 fails first, and fail-fast keeps the items after it from starting
        failed = cairn.maxWorkers(1).run(ChartFlows.FirstItemFails.class, Map.of());
        String again = LocalRuntime.resume(
                        FlowGraph.of(ChartFlows.FirstItemFails.class),
                        failed.id(),
                        Optional.empty(),
                        RunOptions.defaults()
                                .withDatastore(datastore)
                                .withBranch(CairnExtension.BRANCH)
                                .withMaxWorkers(1))
                .run();
        resumed = cairn.flow("FirstItemFails").run(again);
    }

    private static Document card(Run run, Class<? extends dev.cairn.flow.FlowSpec> flow) {
        return Jsoup.parse(new RunCard(run, FlowGraph.of(flow)).html());
    }

    @Test
    void fractionsReadTheSameInArtifactsAndTables() {
        Document doc = card(precise, ChartFlows.Precise.class);

        assertFalse(doc.text().contains(String.valueOf(ChartFlows.PRECISE)), "no fraction in full");
        Element accuracy = doc.select(".step-artifacts[data-step=start] tr:has(th:containsOwn(accuracy)) td")
                .first();
        assertEquals("0.9536", accuracy.text());
        assertTrue(doc.select(".step-card[data-step=start] table td").eachText().contains("0.9536"));
    }

    @Test
    void bytesInsideRecordsShowTheirTypeAndSizeNotBase64() {
        Element artifacts = card(precise, ChartFlows.Precise.class).selectFirst(".step-artifacts[data-step=start]");

        assertTrue(artifacts.select("tr:has(th:containsOwn(model)) td").text().contains("model: byte[] 12.3 KB"));
        assertTrue(artifacts.select("tr:has(th:containsOwn(models)) td").text().contains("byte[] 12.3 KB"));
        assertFalse(
                Pattern.compile("[A-Za-z0-9+/]{40,}").matcher(artifacts.text()).find(),
                "no base64 text: " + artifacts.text());
    }

    @Test
    void foreachEdgeCountsTheItemsOfTheListNotTheTasksThatRan() {
        assertEquals(RunStatus.FAILED, failed.status());
        int ran = failed.step("work").tasks().size();
        assertTrue(ran < 3, "fail-fast stopped an item (" + ran + " ran)");

        Document doc = card(failed, ChartFlows.FirstItemFails.class);

        assertEquals(
                "× 3 tasks (" + ran + " ran)",
                doc.selectFirst("svg.graph text.fanout").text());
    }

    @Test
    void resumedRunsTimelineSpansItsOwnTimeAndListsReusedTasks() {
        assertEquals(Optional.of(failed.id()), resumed.resumedFrom());
        Document doc = card(resumed, ChartFlows.FirstItemFails.class);
        Element timeline = doc.selectFirst("svg.timeline");

        assertEquals(String.valueOf(resumed.duration().orElseThrow().toMillis()), timeline.attr("data-span-ms"));
        assertTrue(timeline.select("rect.bar[data-task=start/0]").isEmpty(), "a reused task is not drawn");
        assertEquals(
                "reused from " + failed.id(),
                timeline.selectFirst("text.reused[data-task=start/0]").ownText());
        assertFalse(timeline.select("rect.bar[data-task=work/0-0]").isEmpty(), "the task that ran again is drawn");
        assertTrue(doc.select("dl.facts").text().contains("reused from the resumed run"));
    }
}
