package dev.cairn.cards;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Element;

/**
 * Estimates with their confidence intervals as an inline SVG: one column per group, a dot at the estimate and an
 * error bar from the interval's low to high end, on the same axes and palette as {@link ChartSvg}'s line charts.
 *
 * <pre>{@code
 * IntervalChartSvg.render(section, "conversion rate by variant", "conversion (%)",
 *         List.of(new IntervalChartSvg.Interval("v1", 10.1, 9.7, 10.5), new IntervalChartSvg.Interval("v2", 12.0, 11.6, 12.5)));
 * }</pre>
 */
public final class IntervalChartSvg {
    static final double CAP = 7;

    /** One group's estimate and interval; a non-finite end draws no bar on that side. */
    public record Interval(String label, double estimate, double low, double high) {}

    private IntervalChartSvg() {}

    /** Appends the chart to {@code parent} and returns its {@code <svg>}. */
    public static Element render(Element parent, String title, String yLabel, List<Interval> intervals) {
        List<Double> values = new ArrayList<>();
        for (Interval i : intervals) {
            values.addAll(List.of(i.estimate(), i.low(), i.high()));
        }
        double[] yr = ChartSvg.range(values);
        // out to round ticks, so no interval's cap sits on the frame and the bottom gets a label
        double step = CardText.niceStep(yr[1] - yr[0], 5);
        yr = new double[] {Math.floor(yr[0] / step) * step, Math.ceil(yr[1] / step) * step};
        double plotW = ChartSvg.W - ChartSvg.LEFT - ChartSvg.RIGHT;
        double plotBottom = ChartSvg.TOP + ChartSvg.PLOT_H;
        Element svg =
                Svg.root(parent, ChartSvg.W, plotBottom + 44, "chart intervals").attr("aria-label", title);
        Svg.text(svg, ChartSvg.W / 2, 16, Svg.fit(title, 60), "middle", 13, CardStyles.INK)
                .attr("font-weight", "600");
        Element axes = svg.appendElement("g").addClass("axes");
        ChartSvg.yAxis(axes, yr, plotW);
        Svg.text(axes, 12, ChartSvg.TOP + ChartSvg.PLOT_H / 2, Svg.fit(yLabel, 40), "middle", 11, CardStyles.INK)
                .attr("transform", "rotate(-90 12 " + CardText.px(ChartSvg.TOP + ChartSvg.PLOT_H / 2) + ")");

        double slot = plotW / Math.max(1, intervals.size());
        for (int k = 0; k < intervals.size(); k++) {
            Interval interval = intervals.get(k);
            String colour = CardStyles.SERIES.get(k % CardStyles.SERIES.size());
            double x = ChartSvg.LEFT + slot * (k + 0.5);
            Element group = svg.appendElement("g").addClass("interval").attr("data-label", interval.label());
            Svg.title(
                    group,
                    interval.label() + ": " + value(interval.estimate()) + " [" + value(interval.low()) + ", "
                            + value(interval.high()) + "]");
            if (Double.isFinite(interval.low()) && Double.isFinite(interval.high())) {
                double top = y(interval.high(), yr);
                double bottom = y(interval.low(), yr);
                Svg.line(group, x, top, x, bottom, colour).attr("stroke-width", "2");
                Svg.line(group, x - CAP, top, x + CAP, top, colour).attr("stroke-width", "2");
                Svg.line(group, x - CAP, bottom, x + CAP, bottom, colour).attr("stroke-width", "2");
            }
            if (Double.isFinite(interval.estimate())) {
                group.appendElement("circle")
                        .attr("cx", CardText.px(x))
                        .attr("cy", CardText.px(y(interval.estimate(), yr)))
                        .attr("r", "4")
                        .attr("fill", colour);
            }
            Svg.text(
                            svg,
                            x,
                            plotBottom + 16,
                            Svg.fit(interval.label(), (int) Math.max(4, slot / 7)),
                            "middle",
                            11,
                            CardStyles.INK)
                    .addClass("label");
        }
        return svg;
    }

    private static String value(double v) {
        return Double.isFinite(v) ? ArtifactPreview.number(v) : "-";
    }

    private static double y(double value, double[] yr) {
        return ChartSvg.TOP + ChartSvg.PLOT_H - ChartSvg.PLOT_H * (value - yr[0]) / (yr[1] - yr[0]);
    }
}
