package dev.cairn.cards;

import dev.cairn.client.CairnClient;
import dev.cairn.client.Run;
import dev.cairn.client.Task;
import dev.cairn.datastore.CardJson;
import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.StepError;
import dev.cairn.flow.internal.graph.FlowGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A run's card: one self-contained HTML page (inline CSS and SVG, no scripts, no network) with the
 * run's facts, its graph, its timeline, the slowest and failed tasks, artifact previews and the
 * charts and tables its steps added. Built as a jsoup DOM so that all user text is escaped.
 *
 * <pre>{@code
 * Path card = RunCard.write(client, FlowGraph.of(CountryModels.class), "CountryModels", "latest", Path.of("card.html"));
 * }</pre>
 */
public final class RunCard {
    static final int SLOWEST = 5;
    /** Charts of one title drawn for a foreach step before the rest are only counted. */
    static final int MAX_CHARTS = 120;
    /** Charts of one title drawn side by side at most; more read as noise and get a summary chart instead. */
    static final int SMALL_MULTIPLES = 36;

    static final int MAX_ARTIFACTS = 40;

    private final RunData data;

    /** @param graph the flow's graph, or null when its class is not at hand: the graph is then drawn from the task records */
    public RunCard(Run run, FlowGraph graph) {
        this.data = new RunData(run, graph);
    }

    /**
     * Renders the card of run {@code run} ({@code latest} for the newest) of {@code flow} to {@code out},
     * creating its folder.
     *
     * @return {@code out}, absolute
     */
    public static Path write(CairnClient client, FlowGraph graph, String flow, String run, Path out) {
        String html = new RunCard(client.flow(flow).run(run), graph).html();
        Path target = out.toAbsolutePath();
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.writeString(target, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the card to " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    public String html() {
        return CardPage.html(document());
    }

    Document document() {
        Run run = data.run;
        Document doc = CardPage.shell(run.pathspec() + " · cairn card");
        Element main = doc.body().appendElement("main");
        header(main.appendElement("section").addClass("header"));
        Element graph = main.appendElement("section").addClass("graph");
        graph.appendElement("h2").text("Flow graph");
        GraphSvg.render(graph, data);
        if (!data.fromFlowClass) {
            graph.appendElement("p")
                    .addClass("muted")
                    .text("Drawn from the task records (the flow's class is not on the classpath):"
                            + " steps that did not run are missing.");
        }
        legend(graph);
        Element timeline = main.appendElement("section").addClass("timeline");
        timeline.appendElement("h2").text("Timeline");
        List<Task> critical = CriticalPath.of(data.ranHere());
        TimelineSvg.render(timeline, data, TimelineSvg.criticalSet(critical));
        if (!critical.isEmpty()) {
            timeline.appendElement("p")
                    .addClass("muted")
                    .text("Critical path: "
                            + critical.stream()
                                    .map(t -> t.step() + (data.tasks(t.step()).size() > 1 ? "/" + t.id() : ""))
                                    .collect(Collectors.joining(" → ")));
        }
        // what the steps chose to show comes before the raw material: tasks, then artifacts
        cards(main.appendElement("section").addClass("cards"));
        tasks(main.appendElement("section").addClass("tasks"));
        artifacts(main.appendElement("section").addClass("artifacts"));
        return doc;
    }

    private void header(Element section) {
        Run run = data.run;
        Element h1 = section.appendElement("h1");
        h1.appendText(run.pathspec() + " ");
        h1.appendElement("span")
                .addClass("status")
                .addClass(run.status().name())
                .text(run.status().name().toLowerCase());
        Element facts = section.appendElement("dl").addClass("facts");
        fact(facts, "project", run.project() + ", branch " + run.record().branch());
        fact(
                facts,
                "parameters",
                run.parameters().isEmpty()
                        ? "none"
                        : run.parameters().entrySet().stream()
                                .map(e -> e.getKey() + " = " + e.getValue())
                                .collect(Collectors.joining(", ")));
        fact(facts, "code version", String.valueOf(run.codeVersion()));
        fact(
                facts,
                "started",
                HumanTime.at(run.startedAt())
                        + (run.record().user() == null
                                ? ""
                                : " by " + run.record().user()));
        fact(
                facts,
                "finished",
                run.finishedAt()
                        .map(HumanTime::at)
                        .orElse(
                                run.status() == RunStatus.DIED
                                        ? "never: its process died"
                                        : "not yet (still running, or its process died)"));
        run.duration().ifPresent(d -> fact(facts, "duration", HumanTime.took(d)));
        run.resumedFrom().ifPresent(from -> fact(facts, "resumed from", run.flow() + "/" + from));
        run.resumedBy().forEach(by -> fact(facts, "resumed by", run.flow() + "/" + by));
        fact(
                facts,
                "tasks",
                data.allTasks().size() + " ("
                        + data.allTasks().stream().filter(t -> !t.succeeded()).count() + " failed"
                        + (data.reused().isEmpty() ? "" : ", " + data.reused().size() + " reused from the resumed run")
                        + ")");
        run.error().ifPresent(e -> fact(facts, "error", e.toString()).addClass("error"));
    }

    private static Element fact(Element facts, String name, String value) {
        facts.appendElement("dt").text(name);
        return facts.appendElement("dd").text(value);
    }

    private static void legend(Element parent) {
        Element legend = parent.appendElement("p").addClass("legend");
        for (RunData.StepState state : RunData.StepState.values()) {
            Element item = legend.appendElement("span");
            item.appendElement("span").addClass("swatch").attr("style", "background:" + state.colour);
            item.appendText(state.label());
        }
    }

    private void tasks(Element section) {
        section.appendElement("h2").text("Slowest tasks");
        List<Task> slowest = data.ranHere().stream()
                .sorted(Comparator.comparing(Task::duration).reversed())
                .limit(SLOWEST)
                .toList();
        List<List<Object>> rows = new ArrayList<>();
        slowest.forEach(t -> rows.add(List.of(
                t.step(),
                t.id(),
                HumanTime.took(t.duration()),
                t.attempt(),
                t.status().name())));
        HtmlBlocks.table(section, List.of("step", "task", "took", "attempt", "status"), rows);

        List<Task> failed = data.allTasks().stream()
                .filter(t -> !t.succeeded() || t.error() != null)
                .toList();
        section.appendElement("h2").text("Failed tasks");
        if (failed.isEmpty() && data.run.error().isEmpty()) {
            section.appendElement("p").addClass("muted").text("None.");
            return;
        }
        for (Task task : failed) {
            Element item = section.appendElement("div").addClass("failed-task");
            item.appendElement("h3")
                    .text(task.step() + "/" + task.id() + ", attempt " + task.attempt()
                            + (task.succeeded() ? " (failure caught by @Catch)" : ""));
            error(item, task.error());
            if (task.attempt() > 1) {
                item.appendElement("p")
                        .addClass("muted")
                        .text("Earlier attempts: "
                                + task.attempts().stream()
                                        .filter(a -> a.attempt() < task.attempt())
                                        .map(a -> a.attempt() + ": "
                                                + (a.error() == null
                                                        ? a.status().name()
                                                        : a.error().toString()))
                                        .collect(Collectors.joining("; ")));
            }
        }
        if (failed.isEmpty()) {
            error(section, data.run.error().get());
        }
    }

    private static void error(Element parent, StepError error) {
        if (error == null) {
            parent.appendElement("p").addClass("error").text("failed without an error (its process died)");
            return;
        }
        HtmlBlocks.block(parent, "p", error.toString()).addClass("error");
        if (error.stackTrace() != null && !error.stackTrace().isBlank()) {
            Element details = parent.appendElement("details");
            details.appendElement("summary").text("stack trace");
            HtmlBlocks.block(details, "pre", error.stackTrace());
        }
    }

    /** Artifacts per step: a single task's, or for a foreach the first task's as a sample. */
    private void artifacts(Element section) {
        section.appendElement("h2").text("Artifacts");
        for (Map.Entry<String, List<Task>> step : data.tasks.entrySet()) {
            List<Task> tasks = step.getValue();
            Task sample = tasks.get(0);
            Element block =
                    section.appendElement("div").addClass("step-artifacts").attr("data-step", step.getKey());
            block.appendElement("h3")
                    .text(step.getKey()
                            + (tasks.size() > 1
                                    ? " (task " + sample.id() + " of " + tasks.size() + " tasks, as a sample)"
                                    : ""));
            if (sample.artifactNames().isEmpty()) {
                block.appendElement("p").addClass("muted").text("no artifacts");
                continue;
            }
            Element table = block.appendElement("table");
            List<String> names =
                    sample.artifactNames().stream().limit(MAX_ARTIFACTS).toList();
            for (String name : names) {
                Element tr = table.appendElement("tr");
                tr.appendElement("th").text(name);
                HtmlBlocks.artifact(tr.appendElement("td"), sample, name);
            }
            if (sample.artifactNames().size() > names.size()) {
                block.appendElement("p")
                        .addClass("muted")
                        .text("… " + (sample.artifactNames().size() - names.size()) + " more artifacts");
            }
        }
    }

    /** What the steps put on the card, step by step; a foreach's components grouped by kind and title. */
    private void cards(Element section) {
        section.appendElement("h2").text("Step cards");
        boolean any = false;
        for (Map.Entry<String, List<Task>> step : data.tasks.entrySet()) {
            List<Map.Entry<Task, CardJson>> cards = new ArrayList<>();
            for (Task task : step.getValue()) {
                task.card().ifPresent(card -> cards.add(Map.entry(task, card)));
            }
            if (cards.isEmpty()) {
                continue;
            }
            any = true;
            Element block = section.appendElement("div").addClass("step-card").attr("data-step", step.getKey());
            block.appendElement("h3").text(step.getKey());
            if (step.getValue().size() == 1) {
                cards.get(0).getValue().components().forEach(c -> component(block, c));
            } else {
                grouped(block, cards);
            }
        }
        if (!any) {
            section.appendElement("p")
                    .addClass("muted")
                    .text("No step added anything (steps add charts with card().lineChart(...)).");
        }
    }

    private static void component(Element parent, CardJson.Component component) {
        switch (component) {
            case CardJson.Markdown m -> HtmlBlocks.markdown(parent, m.text());
            case CardJson.Table t -> {
                if (t.title() != null) {
                    parent.appendElement("h4").text(t.title());
                }
                HtmlBlocks.table(parent, t.columns(), t.rows());
            }
            case CardJson.LineChart l ->
                ChartSvg.render(parent.appendElement("div").addClass("chart"), l);
        }
    }

    /**
     * A foreach step's components: charts of one title in a grid, one per task; tables of one
     * title and columns merged into one table with a task column; text per task.
     */
    private static void grouped(Element parent, List<Map.Entry<Task, CardJson>> cards) {
        Map<String, List<Map.Entry<Task, CardJson.Component>>> groups = new LinkedHashMap<>();
        for (Map.Entry<Task, CardJson> card : cards) {
            List<CardJson.Component> components = card.getValue().components();
            for (int i = 0; i < components.size(); i++) {
                CardJson.Component c = components.get(i);
                String key = switch (c) {
                    case CardJson.Markdown m -> "markdown#" + i;
                    case CardJson.Table t -> "table:" + t.title() + ":" + t.columns();
                    case CardJson.LineChart l -> "chart:" + l.title();
                };
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(Map.entry(card.getKey(), c));
            }
        }
        for (List<Map.Entry<Task, CardJson.Component>> group : groups.values()) {
            CardJson.Component first = group.get(0).getValue();
            if (first instanceof CardJson.Table t) {
                parent.appendElement("h4").text((t.title() == null ? "" : t.title()) + " (" + group.size() + " tasks)");
                List<String> columns = new ArrayList<>(List.of("task"));
                columns.addAll(t.columns());
                List<List<Object>> rows = new ArrayList<>();
                for (Map.Entry<Task, CardJson.Component> e : group) {
                    for (List<Object> row : ((CardJson.Table) e.getValue()).rows()) {
                        List<Object> full = new ArrayList<>();
                        full.add(e.getKey().id());
                        full.addAll(row);
                        rows.add(full);
                    }
                }
                HtmlBlocks.table(parent, columns, rows);
                continue;
            }
            if (first instanceof CardJson.LineChart l) {
                charts(parent, l.title(), group);
                continue;
            }
            Element grid = parent.appendElement("div").addClass("grid");
            for (Map.Entry<Task, CardJson.Component> e : group.subList(0, Math.min(group.size(), MAX_CHARTS))) {
                Element cell = grid.appendElement("div");
                cell.appendElement("div")
                        .addClass("muted")
                        .text("task " + e.getKey().id());
                component(cell, e.getValue());
            }
            if (group.size() > MAX_CHARTS) {
                parent.appendElement("p")
                        .addClass("muted")
                        .text("… and " + (group.size() - MAX_CHARTS) + " more tasks");
            }
        }
    }

    /**
     * Charts of one title, one per task, as small multiples on one scale; past {@value #SMALL_MULTIPLES} of them,
     * one summary chart first and the charts folded away under it.
     */
    private static void charts(Element parent, String title, List<Map.Entry<Task, CardJson.Component>> group) {
        List<Map.Entry<Task, CardJson.LineChart>> charts = group.stream()
                .filter(e -> e.getValue() instanceof CardJson.LineChart)
                .map(e -> Map.entry(e.getKey(), (CardJson.LineChart) e.getValue()))
                .toList();
        parent.appendElement("h4").text((title == null ? "" : title) + " (" + charts.size() + " tasks)");
        ChartSvg.Scale shared =
                ChartSvg.scale(charts.stream().map(Map.Entry::getValue).toList());
        Element grid;
        List<Map.Entry<Task, CardJson.LineChart>> drawn = charts.subList(0, Math.min(charts.size(), MAX_CHARTS));
        if (charts.size() > SMALL_MULTIPLES) {
            CardJson.LineChart summary = ChartSummary.of(charts);
            // the one chart that names every task: each point says whose it is
            ChartSvg.render(
                    parent.appendElement("div").addClass("chart").addClass("summary"),
                    summary,
                    ChartSvg.scale(List.of(summary)),
                    charts.size());
            Element details = parent.appendElement("details").addClass("charts");
            details.appendElement("summary")
                    .text("the chart of each task ("
                            + (drawn.size() == charts.size()
                                    ? charts.size() + ")"
                                    : "the first " + drawn.size() + " of " + charts.size() + ")"));
            grid = details.appendElement("div").addClass("grid");
        } else {
            grid = parent.appendElement("div").addClass("grid");
        }
        for (Map.Entry<Task, CardJson.LineChart> e : drawn) {
            Element cell = grid.appendElement("div");
            cell.appendElement("div")
                    .addClass("muted")
                    .text("task " + e.getKey().id());
            ChartSvg.render(cell.appendElement("div").addClass("chart"), e.getValue(), shared);
        }
        if (charts.size() > drawn.size()) {
            grid.parent()
                    .appendElement("p")
                    .addClass("muted")
                    .text("… and " + (charts.size() - drawn.size()) + " more tasks");
        }
    }

    /** The steps the card shows, for callers that check it (tests, the run command's summary). */
    Set<String> steps() {
        return data.nodes.stream()
                .map(RunData.Node::name)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
