package dev.cairn.cards;

import dev.cairn.client.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jsoup.nodes.Element;

/**
 * A Gantt chart of the run: bars from each task's start to its end on one time axis. With few
 * tasks every task gets a row; with many (a wide foreach) a step's tasks share its row, so the
 * chart stays readable at 20,000 tasks. Earlier failed attempts of retried tasks are drawn
 * hatched before the final one; the critical path's bars are outlined. A resumed run's time axis is its own (from
 * its start to its end, as its header says): the tasks it reused from the run it resumed ran earlier, in that run,
 * and are listed as reused instead of drawn.
 */
final class TimelineSvg {
    /** Up to this many tasks, one row per task. */
    static final int ROW_PER_TASK = 40;

    static final double LABEL_W = 170;
    static final double PLOT_W = 760;
    static final double ROW_H = 22;
    static final double TOP = 26;

    private TimelineSvg() {}

    /** @param reused tasks of the row that this run took over from the run it resumed */
    private record Row(String label, List<Task> tasks, List<Task> reused) {}

    static void render(Element parent, RunData data, Set<Task> critical) {
        List<Task> all = data.ranHere().stream()
                .filter(t -> t.startedAt() != null && t.finishedAt() != null)
                .toList();
        if (all.isEmpty()) {
            parent.appendElement("p")
                    .addClass("muted")
                    .text(
                            data.reused().isEmpty()
                                    ? "No task has finished yet."
                                    : "No task of this run has finished yet.");
            return;
        }
        List<Row> rows = new ArrayList<>();
        boolean perTask = all.size() + data.reused().size() <= ROW_PER_TASK;
        Set<Task> timedTasks =
                new java.util.HashSet<>(all); // Task has identity equality: the very instances RunData holds
        for (Map.Entry<String, List<Task>> step : data.tasks.entrySet()) {
            List<Task> timed =
                    step.getValue().stream().filter(timedTasks::contains).toList();
            List<Task> reused = step.getValue().stream()
                    .filter(t -> t.clonedFrom().isPresent())
                    .toList();
            boolean single = step.getValue().size() == 1;
            if (perTask) {
                for (Task t : step.getValue()) {
                    String label = single ? t.step() : t.step() + "/" + t.id();
                    if (timedTasks.contains(t)) {
                        rows.add(new Row(label, List.of(t), List.of()));
                    } else if (reused.contains(t)) {
                        rows.add(new Row(label, List.of(), List.of(t)));
                    }
                }
            } else if (!timed.isEmpty() || !reused.isEmpty()) {
                rows.add(new Row(
                        step.getKey() + " (" + timed.size() + (reused.isEmpty() ? "" : ", " + reused.size() + " reused")
                                + ")",
                        timed,
                        reused));
            }
        }
        // earlier attempts of retried tasks count for the axis too
        Map<Task, List<Task>> earlier = new java.util.HashMap<>();
        all.stream()
                .filter(t -> t.attempt() > 1)
                .forEach(t -> earlier.put(
                        t,
                        t.attempts().stream()
                                .filter(a ->
                                        a.attempt() < t.attempt() && a.startedAt() != null && a.finishedAt() != null)
                                .toList()));
        // the run's own start and end, as its header says; tasks outside them (clocks of other machines) widen it
        Instant t0 =
                all.stream().map(Task::startedAt).min(Comparator.naturalOrder()).orElseThrow();
        for (List<Task> attempts : earlier.values()) {
            for (Task a : attempts) {
                t0 = a.startedAt().isBefore(t0) ? a.startedAt() : t0;
            }
        }
        if (data.run.startedAt() != null && data.run.startedAt().isBefore(t0)) {
            t0 = data.run.startedAt();
        }
        Instant t1 = all.stream()
                .map(Task::finishedAt)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        t1 = data.run.finishedAt().filter(t1::isBefore).orElse(t1);
        double span = Math.max(1, Duration.between(t0, t1).toMillis());
        Instant origin = t0;
        java.util.function.Function<Instant, Double> x =
                at -> LABEL_W + PLOT_W * Duration.between(origin, at).toMillis() / span;

        double height = TOP + rows.size() * ROW_H + 30;
        Element svg = Svg.root(parent, LABEL_W + PLOT_W + 20, height, "timeline");
        svg.attr("aria-label", "timeline of " + data.run.pathspec())
                .attr("data-span-ms", String.valueOf(Duration.between(t0, t1).toMillis()));
        Element hatch = svg.appendElement("defs")
                .appendElement("pattern")
                .attr("id", "retry-hatch")
                .attr("width", "6")
                .attr("height", "6")
                .attr("patternUnits", "userSpaceOnUse")
                .attr("patternTransform", "rotate(45)");
        Svg.rect(hatch, 0, 0, 6, 6, "#f7d4d4");
        Svg.line(hatch, 0, 0, 0, 6, CardStyles.FAILED).attr("stroke-width", "3");

        Element stripes = svg.appendElement("g").addClass("stripes"); // drawn first: behind the grid and the bars
        axis(svg, span, height);
        Element bars = svg.appendElement("g").addClass("bars");
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            double y = TOP + r * ROW_H;
            if (r % 2 == 0) {
                Svg.rect(stripes, 0, y, LABEL_W + PLOT_W, ROW_H, "#f7f8fa");
            }
            Svg.text(bars, LABEL_W - 8, y + 15, Svg.fit(row.label(), 24), "end", 12, CardStyles.INK);
            if (row.tasks().isEmpty() && !row.reused().isEmpty()) {
                Task reused = row.reused().get(0);
                Element mark = Svg.text(
                                bars,
                                LABEL_W + 6,
                                y + 15,
                                "reused from "
                                        + reused.clonedFrom().orElseThrow().split("/")[0],
                                "start",
                                11,
                                CardStyles.MUTED)
                        .addClass("reused")
                        .attr("data-task", reused.step() + "/" + reused.id());
                Svg.title(mark, "ran in " + reused.clonedFromShown().orElseThrow() + ", not in this run");
            }
            List<Task> apart = row.tasks();
            if (!perTask) { // a bar each only for what stands out; the rest as the stretches of time they filled
                apart = row.tasks().stream()
                        .filter(t -> !t.succeeded() || t.attempt() > 1 || critical.contains(t))
                        .toList();
                stretches(bars, row.tasks(), apart, x, y);
            }
            for (Task task : apart) {
                for (Task attempt : earlier.getOrDefault(task, List.of())) {
                    bar(bars, attempt, x, y, "url(#retry-hatch)", "attempt retry", false)
                            .attr("stroke", CardStyles.FAILED)
                            .attr("stroke-dasharray", "3 2");
                }
                String colour = task.succeeded() ? CardStyles.SUCCEEDED : CardStyles.FAILED;
                Element bar = bar(bars, task, x, y, colour, "bar", critical.contains(task));
                if (!perTask) {
                    bar.attr("opacity", "0.7");
                }
                if (task.attempt() > 1) {
                    Svg.text(
                                    bars,
                                    x.apply(task.startedAt()) - 2,
                                    y + 15,
                                    "↻" + (task.attempt() - 1), // how many times it was retried
                                    "end",
                                    11,
                                    CardStyles.FAILED)
                            .addClass("retry-mark");
                }
            }
        }
        legend(svg, height);
    }

    /**
     * Tasks of a wide step, but those drawn {@code apart}, as the stretches of time in which any of them ran: a
     * rectangle per stretch instead of one per task keeps a card of 20,000 tasks small, and looks the same.
     */
    private static void stretches(
            Element g, List<Task> tasks, List<Task> apart, java.util.function.Function<Instant, Double> x, double y) {
        Set<Task> skip = new java.util.HashSet<>(apart);
        List<double[]> stretches = new ArrayList<>(); // from x, to x, tasks
        tasks.stream()
                .filter(t -> !skip.contains(t))
                .sorted(Comparator.comparing(Task::startedAt))
                .forEach(t -> {
                    double from = x.apply(t.startedAt());
                    double to = x.apply(t.finishedAt());
                    double[] last = stretches.isEmpty() ? null : stretches.get(stretches.size() - 1);
                    if (last != null && from <= last[1] + 1) { // within a pixel: one stretch to the eye
                        last[1] = Math.max(last[1], to);
                        last[2]++;
                    } else {
                        stretches.add(new double[] {from, to, 1});
                    }
                });
        for (double[] stretch : stretches) {
            Element rect = Svg.rect(
                            g, stretch[0], y + 4, Math.max(2, stretch[1] - stretch[0]), ROW_H - 8, CardStyles.SUCCEEDED)
                    .attr("rx", "2")
                    .attr("opacity", "0.7")
                    .addClass("stretch");
            long n = (long) stretch[2];
            Svg.title(rect, n + (n == 1 ? " task" : " tasks") + " succeeded in this stretch");
        }
    }

    private static Element bar(
            Element g,
            Task task,
            java.util.function.Function<Instant, Double> x,
            double y,
            String fill,
            String cssClass,
            boolean critical) {
        double x1 = x.apply(task.startedAt());
        double w = Math.max(2, x.apply(task.finishedAt()) - x1);
        Element bar = Svg.rect(g, x1, y + 4, w, ROW_H - 8, fill)
                .attr("rx", "2")
                .addClass(cssClass)
                .attr("data-task", task.step() + "/" + task.id());
        if (critical) {
            bar.addClass("critical").attr("stroke", CardStyles.CRITICAL).attr("stroke-width", "2.5");
        }
        Svg.title(
                bar,
                task.step() + "/" + task.id() + " attempt " + task.attempt() + ": "
                        + task.status().name().toLowerCase() + ", " + HumanTime.took(task.duration())
                        + (critical ? " (critical path)" : ""));
        return bar;
    }

    /** Vertical grid lines at round times from the first start. */
    private static void axis(Element svg, double spanMs, double height) {
        double step = CardText.niceStep(spanMs, 8);
        Element g = svg.appendElement("g").addClass("axis");
        for (double t = 0; t <= spanMs + 1e-9; t += step) {
            double xx = LABEL_W + PLOT_W * t / spanMs;
            Svg.line(g, xx, TOP - 4, xx, height - 26, "#dfe3e8");
            Svg.text(g, xx, TOP - 8, time(t, step), "middle", 10, CardStyles.MUTED);
        }
    }

    private static String time(double ms, double step) {
        if (step < 1000) {
            return CardText.tick(ms) + " ms";
        }
        if (ms < 120_000) {
            return CardText.tick(ms / 1000) + " s";
        }
        return CardText.tick(Math.floor(ms / 60_000)) + ":" + String.format("%02d", (long) (ms / 1000) % 60);
    }

    private static void legend(Element svg, double height) {
        double y = height - 10;
        String[][] items = {
            {CardStyles.SUCCEEDED, "succeeded"},
            {CardStyles.FAILED, "failed"},
            {"url(#retry-hatch)", "earlier attempt (retried)"}
        };
        double xx = LABEL_W;
        for (String[] item : items) {
            Svg.rect(svg, xx, y - 9, 12, 10, item[0]);
            Svg.text(svg, xx + 16, y, item[1], "start", 11, CardStyles.INK);
            xx += 30 + item[1].length() * 6.5;
        }
        Svg.rect(svg, xx, y - 9, 12, 10, "none")
                .attr("stroke", CardStyles.CRITICAL)
                .attr("stroke-width", "2.5");
        Svg.text(svg, xx + 16, y, "critical path", "start", 11, CardStyles.INK);
    }

    static Set<Task> criticalSet(List<Task> path) {
        return Set.copyOf(path.stream().filter(Objects::nonNull).toList());
    }
}
