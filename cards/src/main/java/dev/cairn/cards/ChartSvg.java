package dev.cairn.cards;

import dev.cairn.datastore.CardJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;
import org.jsoup.nodes.Element;

/**
 * A step's {@code card().lineChart(...)} as an inline SVG: axes with round ticks (whole numbers when every x is
 * one), one polyline per series (missing values skipped), a legend. A {@code card().categoryChart(...)} gets its
 * categories' text on the x axis and a point per value instead. Small multiples pass one {@link Scale} to all
 * their charts so that equal values sit at equal heights. Plain SVG rather than a charting script, so the card
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
    /** Category names drawn under the axis at most; the others are every n-th one's neighbours. */
    static final int MAX_CATEGORY_LABELS = 12;
    /** Category names are cut to this many characters under the axis (each point's tooltip has all of it). */
    static final int CATEGORY_LABEL_CHARS = 20;
    /** Category names slant this steeply, so that even the first one stays inside the chart's left edge. */
    static final double CATEGORY_LABEL_ANGLE = 60;
    /** The width of a character of the axes' 10 px text, near enough to leave room for it. */
    static final double CHAR_W = 5.5;
    /** Up to this many points per series each get a tooltip; more are drawn as one path, which keeps cards small. */
    static final int MAX_POINT_TIPS = 40;

    /** Value ranges of a chart's axes; for a chart over categories x is unused. */
    record Scale(double[] x, double[] y) {}

    private ChartSvg() {}

    /** The ranges that fit every chart of {@code charts}, for drawing them side by side on one scale. */
    static Scale scale(List<CardJson.LineChart> charts) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (CardJson.LineChart chart : charts) {
            xs.addAll(chart.x() == null ? List.of() : chart.x());
            if (chart.series() != null) {
                chart.series().values().stream().filter(Objects::nonNull).forEach(ys::addAll);
            }
        }
        return new Scale(range(xs), range(ys));
    }

    static void render(Element parent, CardJson.LineChart chart) {
        render(parent, chart, scale(List.of(chart)));
    }

    static void render(Element parent, CardJson.LineChart chart, Scale scale) {
        render(parent, chart, scale, MAX_POINT_TIPS);
    }

    /** @param maxTips points per series up to which each gets a tooltip */
    static void render(Element parent, CardJson.LineChart chart, Scale scale, int maxTips) {
        List<Double> xs = chart.x() == null ? List.of() : chart.x();
        Map<String, List<Double>> series = chart.series() == null ? Map.of() : chart.series();
        List<String> categories = chart.xLabels();
        double[] xr = scale.x();
        double[] yr = scale.y();
        int legendRows = (series.size() + LEGEND_PER_ROW - 1) / LEGEND_PER_ROW;
        double plotBottom = TOP + PLOT_H;
        double axisH = categories == null
                ? 30
                : 30 + Math.sin(Math.toRadians(CATEGORY_LABEL_ANGLE)) * CHAR_W * longest(categories);
        double height = plotBottom + axisH + 10 + legendRows * LEGEND_ROW;
        double plotW = W - LEFT - RIGHT;
        Element svg = Svg.root(parent, W, height, "chart");
        String title = chart.title() == null ? "" : chart.title();
        svg.attr("aria-label", title);
        Svg.text(svg, W / 2, 16, Svg.fit(title, 60), "middle", 13, CardStyles.INK)
                .attr("font-weight", "600");

        Element axes = svg.appendElement("g").addClass("axes");
        DoubleUnaryOperator x;
        if (categories != null) {
            double slot = plotW / Math.max(1, categories.size());
            x = k -> LEFT + slot * (k + 0.5);
            categoryTicks(axes, categories, x);
        } else {
            x = v -> LEFT + plotW * (v - xr[0]) / (xr[1] - xr[0]);
            double xStep = CardText.niceStep(xr[1] - xr[0], 6);
            if (xs.stream().filter(Objects::nonNull).allMatch(v -> v == Math.rint(v))) {
                xStep = Math.max(1, xStep); // whole x values get whole ticks, never 0.5, 1.5, 2.5
            }
            for (double v = Math.ceil(xr[0] / xStep) * xStep; v <= xr[1] + xStep * 1e-9; v += xStep) {
                double px = x.applyAsDouble(v);
                Svg.line(axes, px, plotBottom, px, plotBottom + 4, CardStyles.MUTED);
                Svg.text(axes, px, plotBottom + 16, CardText.tick(v), "middle", 10, CardStyles.MUTED)
                        .addClass("tick");
            }
        }
        yAxis(axes, yr, plotW);
        if (chart.xLabel() != null) {
            Svg.text(
                            axes,
                            LEFT + plotW / 2,
                            plotBottom + axisH,
                            Svg.fit(chart.xLabel(), 60),
                            "middle",
                            11,
                            CardStyles.INK)
                    .addClass("x-label");
        }

        int i = 0;
        for (Map.Entry<String, List<Double>> s : series.entrySet()) {
            String colour = CardStyles.SERIES.get(i % CardStyles.SERIES.size());
            List<double[]> points = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            List<Double> ys = s.getValue() == null ? List.of() : s.getValue();
            for (int k = 0; k < Math.min(xs.size(), ys.size()); k++) {
                if (xs.get(k) != null
                        && ys.get(k) != null
                        && Double.isFinite(xs.get(k))
                        && Double.isFinite(ys.get(k))) {
                    points.add(new double[] {
                        x.applyAsDouble(xs.get(k)), plotBottom - PLOT_H * (ys.get(k) - yr[0]) / (yr[1] - yr[0])
                    });
                    at.add(k);
                }
            }
            if (categories == null) {
                line(svg, s.getKey(), colour, points);
            } else {
                points(
                        svg,
                        s.getKey(),
                        colour,
                        points,
                        maxTips,
                        at.stream()
                                .map(k -> (k < categories.size() ? categories.get(k) : String.valueOf(k)) + " · "
                                        + s.getKey() + ": " + ArtifactPreview.number(ys.get(k)))
                                .toList());
            }
            double lx = LEFT + (i % LEGEND_PER_ROW) * (plotW / LEGEND_PER_ROW);
            double ly = plotBottom + axisH + 16 + (i / LEGEND_PER_ROW) * LEGEND_ROW;
            Element item = svg.appendElement("g").addClass("legend");
            Svg.rect(item, lx, ly - 9, 12, 4, colour);
            Svg.text(item, lx + 16, ly - 4, Svg.fit(s.getKey(), 20), "start", 11, CardStyles.INK);
            i++;
        }
    }

    private static void line(Element svg, String name, String colour, List<double[]> points) {
        Element line = svg.appendElement("polyline")
                .attr(
                        "points",
                        points.stream()
                                .map(p -> CardText.px(p[0]) + "," + CardText.px(p[1]))
                                .collect(Collectors.joining(" ")))
                .attr("fill", "none")
                .attr("stroke", colour)
                .attr("stroke-width", "2")
                .attr("data-series", name);
        Svg.title(line, name);
        if (points.size() == 1) { // a single point draws no line: mark it
            svg.appendElement("circle")
                    .attr("cx", CardText.px(points.get(0)[0]))
                    .attr("cy", CardText.px(points.get(0)[1]))
                    .attr("r", "3")
                    .attr("fill", colour);
        }
    }

    /** A dot per value, each with its category and value as a tooltip while there are few. */
    private static void points(
            Element svg, String name, String colour, List<double[]> points, int maxTips, List<String> tips) {
        Element g = svg.appendElement("g").addClass("points").attr("data-series", name);
        if (points.size() <= maxTips) {
            for (int k = 0; k < points.size(); k++) {
                Element dot = g.appendElement("circle")
                        .addClass("point")
                        .attr("cx", CardText.px(points.get(k)[0]))
                        .attr("cy", CardText.px(points.get(k)[1]))
                        .attr("r", "3.5")
                        .attr("fill", colour);
                Svg.title(dot, tips.get(k));
            }
            return;
        }
        Element dots = g.appendElement("path") // zero-length segments with round caps: dots at a few bytes each
                .addClass("point-path")
                .attr(
                        "d",
                        points.stream()
                                .map(p -> "M" + CardText.px(p[0]) + "," + CardText.px(p[1]) + "h0")
                                .collect(Collectors.joining()))
                .attr("stroke", colour)
                .attr("stroke-width", "6")
                .attr("stroke-linecap", "round");
        Svg.title(dots, name);
    }

    /** Characters of the longest category name as drawn under the axis. */
    private static int longest(List<String> categories) {
        return categories.stream()
                .mapToInt(c -> Math.min(String.valueOf(c).length(), CATEGORY_LABEL_CHARS))
                .max()
                .orElse(0);
    }

    /** Every n-th category's name under the axis, slanted, so that at most {@value #MAX_CATEGORY_LABELS} show. */
    private static void categoryTicks(Element axes, List<String> categories, DoubleUnaryOperator x) {
        double plotBottom = TOP + PLOT_H;
        int every = Math.max(1, (categories.size() + MAX_CATEGORY_LABELS - 1) / MAX_CATEGORY_LABELS);
        for (int k = 0; k < categories.size(); k += every) {
            double px = x.applyAsDouble(k);
            double py = plotBottom + 12;
            Svg.line(axes, px, plotBottom, px, plotBottom + 4, CardStyles.MUTED);
            Element label = Svg.text(
                            axes,
                            px,
                            py,
                            Svg.fit(String.valueOf(categories.get(k)), CATEGORY_LABEL_CHARS),
                            "end",
                            10,
                            CardStyles.MUTED)
                    .addClass("tick")
                    .addClass("category")
                    .attr(
                            "transform",
                            "rotate(-" + CardText.tick(CATEGORY_LABEL_ANGLE) + " " + CardText.px(px) + " "
                                    + CardText.px(py) + ")");
            if (String.valueOf(categories.get(k)).length() > CATEGORY_LABEL_CHARS) {
                Svg.title(label, String.valueOf(categories.get(k)));
            }
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
