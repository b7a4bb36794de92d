package dev.cairn.cards;

import dev.cairn.cards.RunData.Node;
import dev.cairn.cards.RunData.StepState;
import dev.cairn.client.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jsoup.nodes.Element;

/**
 * The flow graph as a top-down diagram: steps in layers by depth (a step sits one layer below its
 * deepest parent), so branch arms land side by side and joins below them; foreach targets are
 * drawn as stacked boxes with their width on the edge; every box coloured by how the step went.
 */
final class GraphSvg {
    static final double BOX_W = 170;
    static final double BOX_H = 50;
    static final double GAP_X = 34;
    static final double GAP_Y = 74;
    static final double MARGIN = 20;

    private GraphSvg() {}

    static void render(Element parent, RunData data) {
        Map<String, Node> nodes = new HashMap<>();
        data.nodes.forEach(n -> nodes.put(n.name(), n));
        Map<String, Integer> depth = new HashMap<>();
        for (Node node : data.nodes) { // topological order: parents already have a depth
            depth.put(
                    node.name(),
                    node.parents().stream()
                            .map(depth::get)
                            .filter(Objects::nonNull)
                            .mapToInt(d -> d + 1)
                            .max()
                            .orElse(0));
        }
        List<List<Node>> layers = new ArrayList<>();
        for (Node node : data.nodes) {
            int d = depth.get(node.name());
            while (layers.size() <= d) {
                layers.add(new ArrayList<>());
            }
            layers.get(d).add(node);
        }
        // within a layer, children follow the left-to-right order of their parents: arms do not cross
        Map<String, Double> column = new HashMap<>();
        int widest = layers.stream().mapToInt(List::size).max().orElse(1);
        Map<String, double[]> at = new HashMap<>();
        for (int d = 0; d < layers.size(); d++) {
            List<Node> layer = layers.get(d);
            List<Node> ordered = new ArrayList<>(layer);
            ordered.sort(Comparator.comparingDouble(n -> n.parents().stream()
                    .map(column::get)
                    .filter(Objects::nonNull)
                    .mapToDouble(c -> c)
                    .average()
                    .orElse(0)));
            double offset = (widest - ordered.size()) * (BOX_W + GAP_X) / 2;
            for (int i = 0; i < ordered.size(); i++) {
                Node node = ordered.get(i);
                column.put(node.name(), (double) i);
                at.put(node.name(), new double[] {MARGIN + offset + i * (BOX_W + GAP_X), MARGIN + d * (BOX_H + GAP_Y)});
            }
        }
        double width = 2 * MARGIN + widest * (BOX_W + GAP_X) - GAP_X;
        double height = 2 * MARGIN + layers.size() * (BOX_H + GAP_Y) - GAP_Y;
        Element svg = Svg.root(parent, width, height, "graph");
        svg.attr("aria-label", "flow graph of " + data.run.flow());
        Element marker = svg.appendElement("defs")
                .appendElement("marker")
                .attr("id", "arrow")
                .attr("viewBox", "0 0 10 10")
                .attr("refX", "9")
                .attr("refY", "5")
                .attr("markerWidth", "7")
                .attr("markerHeight", "7")
                .attr("orient", "auto");
        marker.appendElement("path").attr("d", "M0,0 L10,5 L0,10 z").attr("fill", CardStyles.MUTED);

        Element edges = svg.appendElement("g").addClass("edges");
        for (Node node : data.nodes) {
            double[] to = at.get(node.name());
            for (String p : node.parents()) {
                double[] from = at.get(p);
                if (from == null) {
                    continue;
                }
                edge(edges, from, to, p.equals(node.name()) ? null : label(data, nodes.get(p), node));
            }
        }
        for (Node node : data.nodes) {
            box(svg, data, node, at.get(node.name()), nodes);
        }
    }

    /**
     * "× 12 tasks" on the edge into a foreach target: as many as its parents' foreach lists held, whatever ran;
     * "× 3 tasks (2 ran)" when a failure stopped the rest.
     */
    private static String label(RunData data, Node from, Node to) {
        if (from == null || !to.name().equals(from.fanOut())) {
            return null;
        }
        int ran = data.tasks(to.name()).size();
        int planned = data.expected(to.name()).orElse(ran);
        if (planned == 0) {
            return "foreach";
        }
        return "× " + planned + (planned == 1 ? " task" : " tasks") + (ran < planned ? " (" + ran + " ran)" : "");
    }

    private static void edge(Element g, double[] from, double[] to, String label) {
        double x1 = from[0] + BOX_W / 2;
        double y1 = from[1] + BOX_H;
        double x2 = to[0] + BOX_W / 2;
        double y2 = to[1] - 2;
        double mid = (y1 + y2) / 2;
        g.appendElement("path")
                .attr(
                        "d",
                        "M" + CardText.px(x1) + "," + CardText.px(y1) + " C" + CardText.px(x1) + "," + CardText.px(mid)
                                + " " + CardText.px(x2) + "," + CardText.px(mid) + " " + CardText.px(x2) + ","
                                + CardText.px(y2))
                .attr("fill", "none")
                .attr("stroke", CardStyles.MUTED)
                .attr("stroke-width", "1.5")
                .attr("marker-end", "url(#arrow)");
        if (label != null) {
            Svg.text(g, (x1 + x2) / 2 + 6, mid + 4, label, "start", 12, CardStyles.INK)
                    .attr("font-weight", "600")
                    .addClass("fanout");
        }
    }

    private static void box(Element svg, RunData data, Node node, double[] xy, Map<String, Node> nodes) {
        List<Task> tasks = data.tasks(node.name());
        StepState state = data.state(node.name());
        boolean many = tasks.size() > 1
                || nodes.values().stream().anyMatch(n -> node.name().equals(n.fanOut()));
        Element g = svg.appendElement("g")
                .addClass("step")
                .attr("data-step", node.name())
                .attr("data-state", state.name());
        Svg.title(
                g, node.name() + ": " + state.label() + ", " + tasks.size() + (tasks.size() == 1 ? " task" : " tasks"));
        String text = state == StepState.NOT_RUN ? CardStyles.INK : "#ffffff";
        if (many) { // a stack of cards: one task per item
            for (int k = 2; k >= 1; k--) {
                Svg.rect(g, xy[0] + 4 * k, xy[1] - 4 * k, BOX_W, BOX_H, state.colour)
                        .attr("rx", "6")
                        .attr("opacity", "0.45")
                        .attr("stroke", "#ffffff");
            }
        }
        Svg.rect(g, xy[0], xy[1], BOX_W, BOX_H, state.colour)
                .attr("rx", "6")
                .attr("stroke", node.join() ? CardStyles.INK : "none")
                .attr("stroke-dasharray", node.join() ? "4 2" : "none");
        Svg.text(g, xy[0] + BOX_W / 2, xy[1] + 21, Svg.fit(node.name(), 22), "middle", 14, text)
                .attr("font-weight", "600");
        Svg.text(g, xy[0] + BOX_W / 2, xy[1] + 39, Svg.fit(subtitle(node, tasks, state), 30), "middle", 11, text);
    }

    private static String subtitle(Node node, List<Task> tasks, StepState state) {
        String prefix = node.join() ? "join · " : "";
        if (state == StepState.NOT_RUN) {
            return prefix + "not run";
        }
        long failed = tasks.stream().filter(t -> !t.succeeded()).count();
        Duration wall = tasks.stream()
                .map(Task::startedAt)
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .flatMap(s -> tasks.stream()
                        .map(Task::finishedAt)
                        .filter(Objects::nonNull)
                        .max(Comparator.naturalOrder())
                        .map(e -> Duration.between(s, e)))
                .orElse(Duration.ZERO);
        String count = tasks.size() == 1 ? "" : tasks.size() + " tasks · ";
        return prefix + count + (failed > 0 ? failed + " failed" : HumanTime.took(wall));
    }
}
