package dev.cairn.cli;

import static dev.cairn.experiments.ExperimentData.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.s3.S3Proxy;
import dev.cairn.experiments.ExperimentData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@code cairn experiment report} run in-process, on files written as the router and an outcomes job would write them. */
class ExperimentCommandTest {
    @TempDir
    Path dir;

    private static CliRun cairn(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CairnCli.execute(env, new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    private static String line(String out, String startsWith) {
        return out.lines()
                .filter(l -> l.strip().startsWith(startsWith))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + startsWith + " in\n" + out));
    }

    @Test
    void aReportPrintsTheVariantsTableAndWritesAnHtmlPageWithAChart() throws IOException {
        ExperimentData.Simulated data = ExperimentData.conversions(20261126L, 20_000, Map.of("v1", 0.10, "v2", 0.12));
        ExperimentData.writeExposures(dir.resolve("exposures"), "churn-ab", data.variantOfUnit());
        Path outcomes = ExperimentData.writeOutcomesCsv(dir.resolve("converted.csv"), data.valueOfUnit());
        Path html = dir.resolve("reports/churn-ab.html");

        CliRun run = cairn(
                Map.of(),
                "experiment",
                "report",
                "churn-ab",
                "--exposures",
                dir.resolve("exposures").toString(),
                "--outcomes",
                outcomes.toString(),
                "--weights",
                "v1=0.5,v2=0.5",
                "--html",
                html.toString());

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(
                run.out().startsWith("churn-ab: conversion metric, 20,000 units in 2 variants, control v1\n"),
                run.toString());
        assertEquals(
                List.of("variant", "units", "conversion", "95%", "CI", "lift", "vs", "v1", "95%", "CI", "p-value"),
                List.of(line(run.out(), "variant").strip().split("\\s+")));
        String[] control = line(run.out(), "v1 (control)").strip().split("\\s{2,}");
        assertEquals("-", control[control.length - 1]);
        String[] v2 = line(run.out(), "v2").strip().split("\\s{2,}");
        assertTrue(v2[2].matches("1[12]\\.\\d\\d%"), "v2's conversion rate: " + v2[2]);
        assertTrue(v2[4].matches("\\+[12]\\d\\.\\d%"), "v2's lift: " + v2[4]);
        assertTrue(Double.parseDouble(v2[6]) < 0.001, "v2's p-value: " + v2[6]);
        assertTrue(run.out().contains("exposed units without an outcome count as 0 (not converted)"), run.out());
        assertTrue(run.out().lines().noneMatch(l -> l.startsWith("warning:")), run.out());
        assertTrue(run.out().contains("HTML report: " + html.toAbsolutePath()), run.out());

        Document page = Jsoup.parse(html.toFile());
        assertEquals("churn-ab · cairn experiment report", page.title());
        List<String> variantCells = page.select("section.results tbody tr").stream()
                .map(tr -> tr.child(0).text())
                .toList();
        assertEquals(List.of("v1 (control)", "v2"), variantCells);
        assertEquals(
                v2[2],
                page.select("section.results tbody tr").get(1).child(2).text(),
                "the page shows the terminal's numbers");
        Element chart = page.selectFirst("svg.intervals");
        assertEquals(List.of("v1", "v2"), chart.select("g.interval").eachAttr("data-label"));
        assertEquals(2, chart.select("g.interval circle").size());
        assertEquals(6, chart.select("g.interval line").size(), "each variant: a bar and two caps");
        assertTrue(page.select("script").isEmpty());
    }

    @Test
    void aDoubtfulExperimentIsReportedWithEveryWarning() throws IOException {
        Path exposures = dir.resolve("exposures.jsonl");
        Map<String, String> units = ExperimentData.counts(Map.of("v1", 10_400, "v2", 9_600));
        try (Writer out = Files.newBufferedWriter(exposures)) {
            int second = 0;
            for (Map.Entry<String, String> e : units.entrySet()) {
                out.write(event(
                                "churn-ab",
                                e.getKey(),
                                e.getValue(),
                                second++,
                                second < 5_000 ? "old0000000000000" : "new0000000000000")
                        + "\n");
            }
            out.write(event("churn-ab", "u-0", "v2", second, "new0000000000000") + "\n");
            out.write("{\"experiment\": \"churn-ab\"\n");
        }
        Path outcomes = Files.writeString(
                dir.resolve("revenue.jsonl"),
                "{\"unit\": \"u-1\", \"value\": 12.5}\n{\"unit\": \"u-19999\", \"value\": 3}\n");

        Path html = dir.resolve("doubtful.html");
        CliRun run = cairn(
                Map.of(),
                "experiment",
                "report",
                "churn-ab",
                "--exposures",
                exposures.toString(),
                "--outcomes",
                outcomes.toString(),
                "--control",
                "v1",
                "--html",
                html.toString());

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(
                run.out().startsWith("churn-ab: continuous metric, 19,999 units in 2 variants, control v1"),
                run.toString());
        assertTrue(
                line(run.out(), "warning: sample ratio mismatch")
                        .contains("units v1 10,399, v2 9,600 against expected shares v1 50.00%, v2 50.00%"),
                run.out());
        assertEquals(
                "warning: the experiment's config changed during the run: 2 config versions, old0000000000000 (first seen"
                        + " 2026-11-26T09:00:00Z), new0000000000000 (first seen 2026-11-26T10:23:19Z). Units assigned under different weights"
                        + " or variants are pooled here; compare within one version.",
                line(run.out(), "warning: the experiment's config"));
        assertEquals(
                "warning: 1 unit was exposed to more than one variant and is left out: u-0 (v1, v2)",
                line(run.out(), "warning: 1 unit"));
        assertTrue(
                run.out()
                        .contains("warning: 1 exposure line in " + exposures
                                + " could not be read and was skipped:\n    " + exposures
                                + ":20002: not JSON (Unexpected end-of-input: expected close marker for Object)\n"),
                run.out());
        assertTrue(run.out().contains("19,997 exposed units without an outcome are left out"), run.out());
        String[] v1 = line(run.out(), "v1 (control)").strip().split("\\s{2,}");
        assertEquals(
                List.of("10,399", "1", "12.5", "-"), List.of(v1[1], v1[2], v1[3], v1[4]), "one value: no interval");

        Document page = Jsoup.parse(html.toFile());
        assertEquals(4, page.select("section.warnings li.error").size());
        assertTrue(page.selectFirst("section.warnings").text().contains("sample ratio mismatch"));
        assertEquals(2, page.select("svg.intervals g.interval circle").size());
    }

    @Test
    void exposuresAreReadFromAnS3PrefixWithTheGivenEnvironment() throws Exception {
        S3Proxy s3 = S3Proxy.shared();
        String bucket = s3.newBucket();
        StringBuilder lines = new StringBuilder();
        ExperimentData.counts(Map.of("v1", 30, "v2", 30))
                .forEach((unit, variant) ->
                        lines.append(event("churn-ab", unit, variant, 0, "a")).append('\n'));
        s3.client()
                .putObject(
                        b -> b.bucket(bucket).key("exposures/experiment=churn-ab/date=2026-11-26/part-0"),
                        RequestBody.fromString(lines.toString()));
        Path outcomes = Files.writeString(dir.resolve("o.csv"), "unit,value\nu-1,1\nu-40,1\nu-41,1\n");
        Map<String, String> env = s3.environment();

        CliRun run = cairn(
                env,
                "experiment",
                "report",
                "churn-ab",
                "--exposures",
                "s3://" + bucket + "/exposures",
                "--outcomes",
                outcomes.toString(),
                "--control",
                "v2");

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(line(run.out(), "v2 (control)").contains("6.67%"), run.out());
        assertTrue(line(run.out(), "v1").contains("3.33%"), run.out());
    }

    @Test
    void unreadableInputExitsWithTwoNamingTheFileAndLine() throws IOException {
        Path exposures =
                ExperimentData.writeExposures(dir, "churn-ab", ExperimentData.counts(Map.of("v1", 2, "v2", 2)));
        Path headerless = Files.writeString(dir.resolve("o.csv"), "u-1,1\n");

        CliRun missing = cairn(
                Map.of(),
                "experiment",
                "report",
                "churn-ab",
                "--exposures",
                exposures.toString(),
                "--outcomes",
                dir.resolve("none.csv").toString());
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("--outcomes " + dir.resolve("none.csv") + " does not exist"), missing.err());

        CliRun noHeader = cairn(
                Map.of(),
                "experiment",
                "report",
                "churn-ab",
                "--exposures",
                exposures.toString(),
                "--outcomes",
                headerless.toString());
        assertEquals(2, noHeader.exitCode(), noHeader.toString());
        assertTrue(noHeader.err().contains(headerless + ":1: expected the CSV header unit,value"), noHeader.err());

        CliRun otherExperiment = cairn(
                Map.of(),
                "experiment",
                "report",
                "price-test",
                "--exposures",
                exposures.toString(),
                "--outcomes",
                dir.resolve("o.csv").toString());
        assertEquals(2, otherExperiment.exitCode(), otherExperiment.toString());
        assertTrue(
                otherExperiment
                        .err()
                        .contains("holds no exposure events of experiment price-test (4 of other experiments"),
                otherExperiment.err());
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhatToWrite() throws IOException {
        Path exposures =
                ExperimentData.writeExposures(dir, "churn-ab", ExperimentData.counts(Map.of("v1", 2, "v2", 2)));
        Path outcomes = Files.writeString(dir.resolve("o.csv"), "unit,value\n");
        String[] base = {
            "experiment", "report", "churn-ab", "--exposures", exposures.toString(), "--outcomes", outcomes.toString()
        };

        CliRun weights = cairn(Map.of(), concat(base, "--weights", "v1=half,v2=0.5"));
        assertEquals(2, weights.exitCode());
        assertTrue(weights.err().contains("\"v1=half\" is not VARIANT=WEIGHT"), weights.err());

        CliRun unweighted = cairn(Map.of(), concat(base, "--weights", "v1=1"));
        assertEquals(2, unweighted.exitCode());
        assertTrue(unweighted.err().contains("variant v2 has exposures but no weight"), unweighted.err());

        CliRun control = cairn(Map.of(), concat(base, "--control", "v7"));
        assertEquals(2, control.exitCode());
        assertTrue(
                control.err().contains("control v7 is not a variant of the experiment: give one of v1, v2"),
                control.err());

        assertEquals(
                2,
                cairn(Map.of(), "experiment", "report", "churn-ab").exitCode(),
                "--exposures and --outcomes are required");
    }

    @Test
    void theRouterConfigGivesTheWeightsAndTheControl() throws IOException {
        Path exposures = ExperimentData.writeExposures(
                dir, "churn-ab", ExperimentData.counts(Map.of("v1", 9_600, "v2", 10_400)));
        Path outcomes = Files.writeString(dir.resolve("o.csv"), "unit,value\nu-1,1\n");
        Path config = Files.writeString(dir.resolve("router.json"), ExperimentData.ROUTER_CONFIG);
        String[] base = {
            "experiment", "report", "churn-ab", "--exposures", exposures.toString(), "--outcomes", outcomes.toString()
        };

        CliRun equal = cairn(Map.of(), concat(base, "--control", "v1"));
        assertTrue(equal.out().contains("warning: sample ratio mismatch"), equal.toString());

        CliRun configured = cairn(Map.of(), concat(base, "--config", config.toString()));
        assertEquals(0, configured.exitCode(), configured.toString());
        assertTrue(
                configured.out().startsWith("churn-ab: conversion metric, 20,000 units in 2 variants, control v2"),
                configured.out());
        assertTrue(
                configured.out().lines().noneMatch(l -> l.startsWith("warning:")),
                "52/48 is what the config asked for:\n" + configured.out());

        CliRun both = cairn(Map.of(), concat(base, "--config", config.toString(), "--weights", "v1=1,v2=1"));
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("give --weights or --config, not both"), both.err());
    }

    @Test
    void aRouterConfigTheLambdaWouldRefuseIsRefusedNamingTheFileAndTheProblem() throws IOException {
        Path exposures = ExperimentData.writeExposures(
                dir, "churn-ab", ExperimentData.counts(Map.of("v1", 9_600, "v2", 10_400)));
        Path outcomes = Files.writeString(dir.resolve("o.csv"), "unit,value\nu-1,1\n");
        Path config = Files.writeString(
                dir.resolve("router.json"),
                ExperimentData.ROUTER_CONFIG.replace("\"weight\": 0.48", "\"weight\": 0.38"));

        CliRun run = cairn(
                Map.of(),
                "experiment",
                "report",
                "churn-ab",
                "--exposures",
                exposures.toString(),
                "--outcomes",
                outcomes.toString(),
                "--config",
                config.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(
                run.err()
                        .contains("--config " + config + ": invalid router config: "
                                + "models.churn.experiment.variants[*].weight must sum to 1"),
                run.err());
    }

    @Test
    void helpShowsAnExample() {
        CliRun help = cairn(Map.of(), "experiment", "report", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(
                help.out()
                        .contains("Examples:\n  cairn experiment report churn-ab --exposures ./exposures \\\n"
                                + "      --outcomes churned.csv --weights v1=0.5,v2=0.5 --html churn-ab.html\n"),
                help.out());
        assertTrue(help.out().lines().allMatch(l -> l.length() <= 80), "help fits 80 columns:\n" + help.out());
        assertTrue(help.out().contains("--weights=V=W,..."), help.out());
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
