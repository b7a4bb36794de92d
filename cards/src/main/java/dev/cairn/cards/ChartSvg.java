package dev.cairn.cards;

import dev.cairn.datastore.CardJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jsoup.nodes.Element;

/**
 * A step's {@code card().lineChart(...)} as an inline SVG: axes with round ticks, one polyline per
 * series (missing values skipped), a legend. Plain SVG rather than a charting script, so the card
 * needs no JavaScript and no network.
 */
final class ChartSvg {
    static final double W = 440;
    static final double PLOT_H = 200;
    static final double LEFT = 52;
    static final double RIGHT = 14;
    static final double TOP = 28;
    static final double LEGEND_ROW = 16;
    static final int LEGEND_PER_ROW = 3;

    private ChartSvg() {}

    static void render(Element parent, CardJson.LineChart chart) {
        List<Double> xs = chart.x() == null ? List.of() : chart.x();
        Map<String, List<Double>> series = chart.series() == null ? Map.of() : chart.series();
        double[] xr = range(xs);
        double[] yr = range(series.values().stream().flatMap(List::stream).toList());
        int legendRows = (series.size() + LEGEND_PER_ROW - 1) / LEGEND_PER_ROW;
        double plotBottom = TOP + PLOT_H;
        double height = plotBottom + 40 + legendRows * LEGEND_ROW;
        double plotW = W - LEFT - RIGHT;
        Element svg = Svg.root(parent, W, height, "chart");
        String title = chart.title() == null ? "" : chart.title();
        svg.attr("aria-label", title);
        Svg.text(svg, W / 2, 16, Svg.fit(title, 60), "middle", 13, CardStyles.INK)
                .attr("font-weight", "600");

        Element axes = svg.appendElement("g").addClass("axes");
        double xStep = CardText.niceStep(xr[1] - xr[0], 6);
        for (double v = Math.ceil(xr[0] / xStep) * xStep; v <= xr[1] + xStep * 1e-9; v += xStep) {
            double px = LEFT + plotW * (v - xr[0]) / (xr[1] - xr[0]);
            Svg.line(axes, px, plotBottom, px, plotBottom + 4, CardStyles.MUTED);
            Svg.text(axes, px, plotBottom + 16, CardText.tick(v), "middle", 10, CardStyles.MUTED)
                    .addClass("tick");
        }
        yAxis(axes, yr, plotW);
        if (chart.xLabel() != null) {
            Svg.text(
                    axes, LEFT + plotW / 2, plotBottom + 30, Svg.fit(chart.xLabel(), 60), "middle", 11, CardStyles.INK);
        }

        int i = 0;
        for (Map.Entry<String, List<Double>> s : series.entrySet()) {
            String colour = CardStyles.SERIES.get(i % CardStyles.SERIES.size());
            List<String> points = new ArrayList<>();
            List<Double> ys = s.getValue() == null ? List.of() : s.getValue();
            for (int k = 0; k < Math.min(xs.size(), ys.size()); k++) {
                if (xs.get(k) != null
                        && ys.get(k) != null
                        && Double.isFinite(xs.get(k))
                        && Double.isFinite(ys.get(k))) {
                    points.add(CardText.px(LEFT + plotW * (xs.get(k) - xr[0]) / (xr[1] - xr[0])) + ","
                            + CardText.px(plotBottom - PLOT_H * (ys.get(k) - yr[0]) / (yr[1] - yr[0])));
                }
            }
            Element line = svg.appendElement("polyline")
                    .attr("points", String.join(" ", points))
                    .attr("fill", "none")
                    .attr("stroke", colour)
                    .attr("stroke-width", "2")
                    .attr("data-series", s.getKey());
            Svg.title(line, s.getKey());
            if (points.size() == 1) { // a single point draws no line: mark it
                String[] p = points.get(0).split(",");
                svg.appendElement("circle")
                        .attr("cx", p[0])
                        .attr("cy", p[1])
                        .attr("r", "3")
                        .attr("fill", colour);
            }
            double lx = LEFT + (i % LEGEND_PER_ROW) * (plotW / LEGEND_PER_ROW);
            double ly = plotBottom + 46 + (i / LEGEND_PER_ROW) * LEGEND_ROW;
            Element item = svg.appendElement("g").addClass("legend");
            Svg.rect(item, lx, ly - 9, 12, 4, colour);
            Svg.text(item, lx + 16, ly - 4, Svg.fit(s.getKey(), 20), "start", 11, CardStyles.INK);
            i++;
        }
    }

    /** Horizontal grid lines with round tick labels over {@code yr}, and the two axis lines, left of a plot {@code plotW} wide. */
    static void yAxis(Element axes, double[] yr, double plotW) {
        double plotBottom = TOP + PLOT_H;
        double yStep = CardText.niceStep(yr[1] - yr[0], 5);
        for (double v = Math.ceil(yr[0] / yStep) * yStep; v <= yr[1] + yStep * 1e-9; v += yStep) {
            double py = plotBottom - PLOT_H * (v - yr[0]) / (yr[1] - yr[0]);
            Svg.line(axes, LEFT, py, LEFT + plotW, py, "#eceef1");
            Svg.text(axes, LEFT - 6, py + 3, CardText.tick(v), "end", 10, CardStyles.MUTED)
                    .addClass("tick");
        }
        Svg.line(axes, LEFT, TOP, LEFT, plotBottom, CardStyles.MUTED);
        Svg.line(axes, LEFT, plotBottom, LEFT + plotW, plotBottom, CardStyles.MUTED);
    }

    /** Min and max of the finite values, widened when they are equal so that nothing divides by zero. */
    static double[] range(List<Double> values) {
        double[] r = values.stream()
                .filter(Objects::nonNull)
                .filter(Double::isFinite)
                .collect(
                        () -> new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY},
                        (a, v) -> {
                            a[0] = Math.min(a[0], v);
                            a[1] = Math.max(a[1], v);
                        },
                        (a, b) -> {
                            a[0] = Math.min(a[0], b[0]);
                            a[1] = Math.max(a[1], b[1]);
                        });
        if (r[0] > r[1]) {
            return new double[] {0, 1};
        }
        if (r[0] == r[1]) {
            double pad = r[0] == 0 ? 1 : Math.abs(r[0]) * 0.1;
            return new double[] {r[0] - pad, r[1] + pad};
        }
        return r;
    }
}
