package dev.cairn.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class IntervalChartSvgTest {
    private static double cy(Element circle) {
        return Double.parseDouble(circle.attr("cy"));
    }

    @Test
    void aHigherEstimateIsDrawnHigherWithItsBarSpanningTheInterval() {
        Document page = CardPage.shell("t");
        Element svg = IntervalChartSvg.render(
                page.body(),
                "rates",
                "conversion (%)",
                List.of(
                        new IntervalChartSvg.Interval("v1", 10, 9, 11),
                        new IntervalChartSvg.Interval("v2", 12, 11, 13)));
        List<Element> dots = svg.select("g.interval circle");
        assertTrue(cy(dots.get(1)) < cy(dots.get(0)), "v2's estimate sits above v1's");
        Element bar = svg.select("g[data-label=v2] line").first();
        double top = Double.parseDouble(bar.attr("y1"));
        double bottom = Double.parseDouble(bar.attr("y2"));
        assertTrue(top < cy(dots.get(1)) && cy(dots.get(1)) < bottom, "the bar runs through the estimate");
        assertEquals(List.of("v1", "v2"), svg.select("text.label").eachText());
    }

    @Test
    void anIntervalWithoutEndsDrawsOnlyItsEstimateAndLabelsStayText() {
        Document page = CardPage.shell("t");
        Element svg = IntervalChartSvg.render(
                page.body(),
                "means",
                "mean",
                List.of(new IntervalChartSvg.Interval("<b>x</b>", 3, Double.NaN, Double.NaN)));
        assertEquals(0, svg.select("g.interval line").size());
        assertEquals(1, svg.select("g.interval circle").size());
        assertTrue(CardPage.html(page).contains("&lt;b&gt;x&lt;/b&gt;"));
    }
}
