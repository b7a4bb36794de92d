package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.experiments.ExperimentData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn experiment demo-outcomes}: from the exposures `serve` wrote to a report, as the README shows it. */
class DemoOutcomesCommandTest {
    private static final Pattern RATE = Pattern.compile("(\\d+\\.\\d+)%");

    @TempDir
    Path dir;

    private static CliRun cairn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CairnCli.execute(Map.of(), new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void demoOutcomesOfTheExposedUnitsGiveAReportInWhichTheLastVariantWins() throws IOException {
        ExperimentData.writeExposures(
                dir.resolve("exposures"), "churn", ExperimentData.counts(Map.of("v1", 10_000, "v2", 10_000)));
        Path outcomes = dir.resolve("outcomes.csv");

        CliRun written = cairn(
                "experiment",
                "demo-outcomes",
                "churn",
                "--exposures",
                dir.resolve("exposures").toString(),
                "--out",
                outcomes.toString());
        assertEquals(0, written.exitCode(), written.toString());
        assertTrue(written.out().contains("made-up outcomes of 20,000 units"), written.toString());
        assertTrue(written.out().contains("v1 converts at 10%, v2 converts at 12%"), written.toString());
        assertEquals(20_001, Files.readAllLines(outcomes).size(), "a header and a row per unit");

        CliRun report = cairn(
                "experiment",
                "report",
                "churn",
                "--exposures",
                dir.resolve("exposures").toString(),
                "--outcomes",
                outcomes.toString(),
                "--control",
                "v1");
        assertEquals(0, report.exitCode(), report.toString());
        assertTrue(report.out().contains("20,000 units in 2 variants"), report.toString());
        assertTrue(rate(report.out(), "v2") > rate(report.out(), "v1 (control)"), report.toString());
    }

    @Test
    void givenRatesAreUsedAndABadOneIsRefusedNamingTheFormat() throws IOException {
        ExperimentData.writeExposures(
                dir.resolve("exposures"), "churn", ExperimentData.counts(Map.of("v1", 10, "v2", 10)));
        CliRun all = cairn(
                "experiment",
                "demo-outcomes",
                "churn",
                "--exposures",
                dir.resolve("exposures").toString(),
                "--out",
                dir.resolve("all.csv").toString(),
                "--rates",
                "v1=1,v2=1");
        assertEquals(0, all.exitCode(), all.toString());
        assertTrue(Files.readAllLines(dir.resolve("all.csv")).stream().skip(1).allMatch(l -> l.endsWith(",1")));

        CliRun bad = cairn(
                "experiment",
                "demo-outcomes",
                "churn",
                "--exposures",
                dir.resolve("exposures").toString(),
                "--out",
                dir.resolve("bad.csv").toString(),
                "--rates",
                "v1=12%");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("write e.g. --rates v1=0.10,v2=0.12"), bad.toString());
    }

    @Test
    void exposuresWithoutTheExperimentAreRefusedSayingWhereTheyComeFrom() {
        CliRun run = cairn(
                "experiment",
                "demo-outcomes",
                "churn",
                "--exposures",
                dir.toString(),
                "--out",
                dir.resolve("o.csv").toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("holds no files"), run.toString());
        assertTrue(run.err().contains("serve` writes them for each request with an X-Unit-Id header"), run.toString());
    }

    @Test
    void helpShowsTheDefaultRatesAsPercentages() {
        CliRun help = cairn("experiment", "demo-outcomes", "--help");
        assertEquals(0, help.exitCode(), help.toString());
        String text = help.out().replaceAll("\\s+", " "); // picocli wraps the lines
        assertTrue(text.contains("10%, 12%, 14%, ..."), help.toString());
        assertTrue(text.contains("(default: 10%, 12%, ...)"), help.toString());
    }

    private static double rate(String out, String variant) {
        String line = out.lines()
                .filter(l -> l.strip().startsWith(variant + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row of " + variant + " in\n" + out));
        Matcher m = RATE.matcher(line);
        assertTrue(m.find(), line);
        return Double.parseDouble(m.group(1));
    }
}
