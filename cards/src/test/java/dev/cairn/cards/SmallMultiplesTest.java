package dev.cairn.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Cairn;
import dev.cairn.client.Run;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.testing.CairnExtension;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Charts that foreach tasks add, many of one title: labelled, on one scale, summarised when there are too many. */
@ExtendWith(CairnExtension.class)
class SmallMultiplesTest {
    static Run few;
    static Run many;

    @BeforeAll
    static void runTheSearch(Cairn cairn) throws Exception {
        few = cairn.run(ChartFlows.Search.class, Map.of("countries", "3"));
        many = cairn.run(ChartFlows.Search.class, Map.of("countries", "40"));
    }

    private static Document card(Run run) {
        return Jsoup.parse(new RunCard(run, FlowGraph.of(ChartFlows.Search.class)).html());
    }

    private static Elements charts(Document doc, String title) {
        return doc.select(".step-card[data-step=country] svg.chart[aria-label=\"" + title + "\"]");
    }

    private static List<String> texts(Elements elements) {
        return elements.stream().map(Element::ownText).toList();
    }

    @Test
    void categoryChartLabelsItsXAxisWithTheCategoriesNotTheirIndex() {
        Element chart = charts(card(few), "score per setting").first();

        assertEquals(
                List.of("depth=1, lr=0.1", "depth=3, lr=0.1", "depth=3, lr=0.3"),
                texts(chart.select("text.tick.category")));
        assertEquals(3, chart.select("circle.point").size());
        assertEquals(
                "depth=3, lr=0.3 · C0: 0.52",
                chart.select("circle.point title").last().text());
    }

    @Test
    void wholeNumberXValuesGetWholeTicksOnly() {
        Element chart = charts(card(few), "score by depth").first();

        assertEquals(List.of("1", "2", "3"), texts(chart.select("g.axes text.tick[text-anchor=middle]")));
    }

    @Test
    void chartsOfOneTitleShareOneYRange() {
        Elements charts = charts(card(few), "score per setting");

        assertEquals(3, charts.size());
        List<String> first = texts(charts.get(0).select("g.axes text.tick[text-anchor=end]:not(.category)"));
        for (Element chart : charts) {
            assertEquals(first, texts(chart.select("g.axes text.tick[text-anchor=end]:not(.category)")));
        }
        // C0 scores 0.5..0.52 and C2 0.7..0.72: one range holds both
        assertTrue(Double.parseDouble(first.get(0)) <= 0.5, first.toString());
        assertTrue(Double.parseDouble(first.get(first.size() - 1)) >= 0.7, first.toString());
    }

    @Test
    void pastAFewDozenChartsOneSummaryChartComesFirstAndTheChartsFoldAway() {
        Document doc = card(many);
        Element step = doc.selectFirst(".step-card[data-step=country]");

        Elements summaries = step.select("div.chart.summary > svg");
        assertEquals(2, summaries.size(), "one summary per chart title");
        Element summary = summaries.first();
        assertEquals("highest and lowest value of each task, best first", summary.attr("aria-label"));
        assertEquals(List.of("highest", "lowest"), summary.select("g.points").eachAttr("data-series"));
        assertEquals("C39", summary.selectFirst("text.tick.category").ownText(), "ranked, best first");
        assertEquals(2 * 40, summary.select("circle.point").size(), "every task's point names it");
        assertEquals(
                "C39 · highest: 4.42", summary.selectFirst("circle.point title").text());
        assertEquals(2, step.select("details.charts").size());
        assertEquals(40, step.selectFirst("details.charts").select("svg.chart").size());
        assertTrue(step.select("> .grid").isEmpty(), "no chart outside the summary and the folded grid");
    }

    @Test
    void aFewChartsAreNotSummarised() {
        Element step = card(few).selectFirst(".step-card[data-step=country]");

        assertTrue(step.select("div.chart.summary").isEmpty());
        assertTrue(step.select("details").isEmpty());
    }

    @Test
    void aWideStepsTimelineDrawsTheStretchesItsTasksFilledNotABarPerTask() {
        Element timeline = card(many).selectFirst("svg.timeline");

        assertTrue(timeline.select("rect.bar[data-task^=country/]").size() <= 1, "only a critical-path task apart");
        Elements stretches = timeline.select("rect.stretch");
        assertTrue(!stretches.isEmpty() && stretches.size() < 40, stretches.size() + " stretches");
        assertTrue(stretches.select("title").text().contains("tasks succeeded in this stretch"));
    }
}
