package dev.cairn.experiments;

import dev.cairn.cards.CardPage;
import dev.cairn.cards.IntervalChartSvg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * An experiment report as one self-contained HTML page in the run cards' look: the facts, the variants' table, a
 * chart of each variant's mean with its 95% interval, the warnings and the notes.
 *
 * <pre>{@code
 * ExperimentReportHtml.write(report, Path.of("churn-ab.html"));
 * }</pre>
 */
public final class ExperimentReportHtml {
    private ExperimentReportHtml() {}

    public static String html(ExperimentReport report) {
        Document page = CardPage.shell(report.experiment() + " · cairn experiment report");
        Element main = page.body().appendElement("main");
        Element header = main.appendElement("section").addClass("header");
        header.appendElement("h1").text("Experiment " + report.experiment());
        Element facts = header.appendElement("dl").addClass("facts");
        fact(facts, "exposures", report.exposuresLocation());
        fact(facts, "outcomes", report.outcomesLocation());
        fact(facts, "summary", report.headline());

        Element results = main.appendElement("section").addClass("results");
        results.appendElement("h2").text("Variants");
        CardPage.table(results, report.headers(), report.rows());
        boolean conversion = report.result().metric() == Metric.CONVERSION;
        double scale = conversion ? 100 : 1;
        List<IntervalChartSvg.Interval> intervals = report.result().variants().stream()
                .map(v ->
                        new IntervalChartSvg.Interval(v.variant(), v.mean() * scale, v.low() * scale, v.high() * scale))
                .toList();
        IntervalChartSvg.render(
                results.appendElement("div").addClass("chart"),
                (conversion ? "Conversion rate" : "Mean outcome") + " by variant, 95% intervals",
                conversion ? "conversion (%)" : "mean",
                intervals);

        List<String> warnings = report.warnings();
        if (!warnings.isEmpty()) {
            Element section = main.appendElement("section").addClass("warnings");
            section.appendElement("h2").text("Warnings");
            Element list = section.appendElement("ul");
            warnings.forEach(w -> list.appendElement("li")
                    .addClass("error")
                    .attr("style", "white-space: pre-wrap")
                    .text(w));
        }
        Element notes = main.appendElement("section").addClass("notes");
        notes.appendElement("h2").text("How to read this");
        Element list = notes.appendElement("ul");
        report.notes().forEach(n -> list.appendElement("li").text(n));
        return CardPage.html(page);
    }

    /** Writes the page to {@code file}, creating its folder. */
    public static void write(ExperimentReport report, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.writeString(target, html(report), StandardCharsets.UTF_8);
    }

    private static void fact(Element facts, String name, String value) {
        facts.appendElement("dt").text(name);
        facts.appendElement("dd").text(value);
    }
}
