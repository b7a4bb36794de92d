package dev.cairn.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Cairn;
import dev.cairn.client.CairnClient;
import dev.cairn.client.Run;
import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.testing.CairnExtension;
import dev.cairn.testing.flows.BranchFlow;
import dev.cairn.testing.flows.FailingFlow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Cards of real runs, parsed back with jsoup. */
@ExtendWith(CairnExtension.class)
class RunCardTest {
    /** FailingFlow's error, which the card must show as text. */
    static final String ERROR = "loss became NaN <b>at</b> epoch 3";

    static Cairn cairn;

    @BeforeAll
    static void runTheFlows(Cairn cairn) throws Exception {
        RunCardTest.cairn = cairn;
        cairn.run(CardFlows.Nested.class, Map.of());
        cairn.run(BranchFlow.class, Map.of());
        cairn.run(FailingFlow.class, Map.of("message", ERROR));
        cairn.run(CardFlows.Hostile.class, Map.of());
    }

    private static Run run(String flow) {
        return cairn.flow(flow).run("latest");
    }

    private static Document card(Class<? extends dev.cairn.flow.FlowSpec> flow, boolean withGraph) {
        String html = new RunCard(run(flow.getSimpleName()), withGraph ? FlowGraph.of(flow) : null).html();
        assertFalse(html.matches("(?s).*https?://.*"), "the card references the network:\n" + html);
        return Jsoup.parse(html);
    }

    private static Set<String> graphSteps(Document doc) {
        return doc.select("svg.graph g.step").stream()
                .map(e -> e.attr("data-step"))
                .collect(Collectors.toSet());
    }

    @Test
    void nestedForeachShowsEveryStepItsWidthAndAChartPerTask() {
        Document doc = card(CardFlows.Nested.class, true);

        assertEquals(Set.of("start", "region", "city", "cities", "regions", "end"), graphSteps(doc));
        List<String> fanOuts = doc.select("svg.graph text.fanout").eachText();
        assertTrue(fanOuts.contains("× 2 tasks") && fanOuts.contains("× 6 tasks"), fanOuts.toString());
        assertEquals(
                "SUCCEEDED", doc.selectFirst("svg.graph g.step[data-step=city]").attr("data-state"));
        assertEquals(6, doc.select(".step-card[data-step=city] svg.chart").size());
        assertTrue(doc.select("svg.timeline rect.bar").size() >= 6 + 2 + 2 + 1 + 1 + 1);
        assertFalse(doc.select("svg.timeline rect.critical").isEmpty(), "the critical path is highlighted");
        assertTrue(doc.select("section.timeline p").text().startsWith("Critical path: start → region/"));
    }

    @Test
    void branchArmsSitSideBySideInOneLayer() {
        Document doc = card(BranchFlow.class, true);

        Element left = doc.selectFirst("svg.graph g.step[data-step=left] rect");
        Element right = doc.selectFirst("svg.graph g.step[data-step=right] rect");
        assertEquals(left.attr("y"), right.attr("y"));
        assertFalse(left.attr("x").equals(right.attr("x")));
        double joinY = Double.parseDouble(
                doc.selectFirst("svg.graph g.step[data-step=join] rect").attr("y"));
        assertTrue(joinY > Double.parseDouble(left.attr("y")));
        assertEquals(Set.of("start", "left", "right", "join", "end"), graphSteps(doc));
    }

    @Test
    void failedRunShowsTheErrorTheRetryAndStepsThatDidNotRun() {
        assertEquals(RunStatus.FAILED, run("FailingFlow").status());
        Document doc = card(FailingFlow.class, true);

        assertEquals(
                "FAILED", doc.selectFirst("svg.graph g.step[data-step=boom]").attr("data-state"));
        assertEquals(
                "NOT_RUN", doc.selectFirst("svg.graph g.step[data-step=end]").attr("data-state"));
        String failed = doc.select("section.tasks .failed-task").text();
        assertTrue(failed.contains("boom/0, attempt 2"), failed);
        assertTrue(failed.contains("java.lang.ArithmeticException: " + ERROR), failed);
        assertTrue(doc.select("section.tasks b").isEmpty(), "error text stays text");
        assertEquals(1, doc.select("svg.timeline rect.retry").size(), "the first attempt is drawn as retried");
        assertFalse(doc.select("svg.timeline text.retry-mark").isEmpty());
        assertTrue(doc.selectFirst("h1 .status").text().equals("failed"));
    }

    @Test
    void hostileTextStaysTextEverywhere() {
        Document doc = card(CardFlows.Hostile.class, true);

        assertTrue(doc.select("script").isEmpty(), "no script element");
        assertTrue(doc.select(".step-artifacts[data-step=start]").text().contains(CardFlows.HOSTILE));
        Element stepCard = doc.selectFirst(".step-card[data-step=start]");
        assertNotNull(stepCard);
        assertTrue(stepCard.select("table").text().contains(CardFlows.HOSTILE));
        assertTrue(stepCard.select("h4").text().contains("best " + CardFlows.HOSTILE));
        assertEquals("bold", stepCard.selectFirst(".markdown strong").text());
        assertEquals("code", stepCard.selectFirst(".markdown code").text());
        assertEquals(2, stepCard.select(".markdown li").size());
        assertTrue(stepCard.selectFirst(".markdown p").text().contains(CardFlows.HOSTILE));
    }

    @Test
    void lineChartHasOnePolylinePerSeriesAxesAndLegend() {
        Document doc = card(CardFlows.Hostile.class, true);

        Element chart = doc.selectFirst(".step-card svg.chart");
        Elements lines = chart.select("polyline");
        assertEquals(2, lines.size());
        assertEquals(List.of("train", "validation " + CardFlows.HOSTILE), lines.eachAttr("data-series"));
        assertEquals(3, lines.get(0).attr("points").split(" ").length);
        assertTrue(chart.select("text.tick").size() >= 4, "axes have ticks");
        assertTrue(chart.select("g.legend").text().contains("train"));
    }

    @Test
    void withoutTheFlowClassTheGraphComesFromTheRecords() {
        Document doc = card(CardFlows.Nested.class, false);

        assertEquals(Set.of("start", "region", "city", "cities", "regions", "end"), graphSteps(doc));
        assertTrue(doc.select("svg.graph text.fanout").eachText().contains("× 6 tasks"));
        Document failed = card(FailingFlow.class, false);
        assertEquals(Set.of("start", "boom"), graphSteps(failed));
    }

    @Test
    void writeCreatesTheFileAndItsFolder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cards/sub/branchy.html");
        Path written = RunCard.write(cairn.client(), null, "BranchFlow", "latest", out);

        assertEquals(out.toAbsolutePath(), written);
        Document doc = Jsoup.parse(Files.readString(written));
        assertTrue(doc.title().startsWith("BranchFlow/"));
        assertFalse(doc.select("svg.timeline rect.bar").isEmpty());
    }

    /** Leaves the cards in target/cards for a look (or a headless-Chromium screenshot, see the report). */
    @Test
    void cardsAreLeftInTargetForPeopleToLookAt() {
        CairnClient client = cairn.client();
        for (Class<? extends dev.cairn.flow.FlowSpec> flow :
                List.of(CardFlows.Nested.class, FailingFlow.class, CardFlows.Hostile.class)) {
            Path out = RunCard.write(
                    client,
                    FlowGraph.of(flow),
                    flow.getSimpleName(),
                    "latest",
                    Path.of("target", "cards", flow.getSimpleName() + ".html"));
            assertTrue(Files.isRegularFile(out));
        }
    }
}
