package dev.cairn.cli;

import dev.cairn.cards.TextTable;
import dev.cairn.experiments.ExperimentAnalysis;
import dev.cairn.experiments.ExperimentReport;
import dev.cairn.experiments.ExperimentReportHtml;
import dev.cairn.experiments.ExposureReader;
import dev.cairn.experiments.Exposures;
import dev.cairn.experiments.InputFiles;
import dev.cairn.experiments.Metric;
import dev.cairn.experiments.OutcomeReader;
import dev.cairn.experiments.Outcomes;
import dev.cairn.experiments.RouterConfigWeights;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "experiment",
        mixinStandardHelpOptions = true,
        description = "A/B experiments between model variants.",
        subcommands = {ExperimentCommand.ReportCommand.class, DemoOutcomesCommand.class})
final class ExperimentCommand {

    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Which variant wins, and is the difference significant? Reads the router's exposure log and"
                        + " the units' outcomes, and prints per variant: units, the conversion rate or mean with a 95%% interval,"
                        + " the lift against the control with its interval, and the p-value (two-proportion z-test for 0/1"
                        + " outcomes, Welch's t-test otherwise). Warns on a sample-ratio mismatch (chi-square p < 0.001), on units"
                        + " seen in two variants (left out), on a config change during the run, and on unreadable lines.",
                ""
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  cairn experiment report churn-ab --exposures ./exposures \\",
                "      --outcomes churned.csv --weights v1=0.5,v2=0.5 --html churn-ab.html",
                "  cairn experiment report churn-ab --outcomes revenue.jsonl \\",
                "      --exposures s3://my-bucket/exposures"
            },
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:report printed (warnings included)", "2:bad arguments, or input that cannot be read"})
    static final class ReportCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(
                index = "0",
                paramLabel = "EXPERIMENT",
                description = "The experiment's name, as in its exposure events.")
        String experiment;

        @Option(
                names = "--exposures",
                required = true,
                paramLabel = "PATH|s3://BUCKET/PREFIX",
                description =
                        "Exposure events (JSON lines): a file, a folder (read recursively; only its experiment=EXPERIMENT"
                                + " partition when it has one) or an s3:// prefix (region, keys and $CAIRN_S3_ENDPOINT from the"
                                + " environment, as for s3:// datastores).")
        String exposures;

        @Option(
                names = "--outcomes",
                required = true,
                paramLabel = "PATH|s3://BUCKET/PREFIX",
                description =
                        "Outcomes: CSV with the header unit,value, or JSON lines {\"unit\": ..., \"value\": ...}.")
        String outcomes;

        @Option(
                names = "--control",
                paramLabel = "VARIANT",
                description =
                        "Variant the others are compared with (default: the first of --weights or --config; without"
                                + " them, required).")
        String control;

        @Option(
                names = "--weights",
                paramLabel = "V=W,...",
                description =
                        "Assignment weights in the experiment config's order, e.g. v1=0.5,v2=0.5 (any scale), for the"
                                + " sample-ratio check (default: equal weights).")
        String weights;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description =
                        "The router config (JSON) the experiment ran with: its variants' weights and order stand in for"
                                + " --weights.")
        Path config;

        @Option(
                names = "--metric",
                paramLabel = "KIND",
                defaultValue = "auto",
                description =
                        "auto, conversion or continuous (default: ${DEFAULT-VALUE}: conversion when every outcome is 0 or 1).")
        String metric;

        @Option(
                names = "--html",
                paramLabel = "FILE",
                description = "Also write the report as an HTML page with a chart.")
        Path html;

        /** The process environment (AWS region, credentials, $CAIRN_S3_ENDPOINT for s3:// inputs); tests set their own. */
        Map<String, String> env = System.getenv();

        @Override
        public Integer call() {
            ExperimentAnalysis.Options options = new ExperimentAnalysis.Options(control, weights(), metric());
            Exposures exposed = readExposures();
            Outcomes outcome = readOutcomes();
            ExperimentReport report = ExperimentReport.of(experiment, exposures, outcomes, exposed, outcome, options);

            PrintWriter out = spec.commandLine().getOut();
            out.println(report.headline());
            TextTable table = new TextTable(report.headers());
            report.rows().forEach(table::row);
            table.lines("  ").forEach(out::println);
            report.warnings().forEach(w -> out.println("warning: " + w));
            report.notes().forEach(n -> out.println("note: " + n));
            if (html != null) {
                try {
                    ExperimentReportHtml.write(report, html);
                } catch (IOException e) {
                    throw new UserError("cannot write the HTML report to " + html + ": " + e.getMessage());
                }
                out.println("HTML report: " + html.toAbsolutePath());
            }
            out.flush();
            return 0;
        }

        private Exposures readExposures() {
            Exposures read;
            try {
                read = ExposureReader.read(InputFiles.of(exposures, "experiment=" + experiment, env), experiment);
            } catch (IOException e) {
                throw new UserError("--exposures " + exposures + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UserError("--exposures " + e.getMessage());
            }
            if (read.variantOfUnit().isEmpty() && read.mixedUnits().isEmpty()) {
                throw new UserError("--exposures " + exposures + " holds no exposure events of experiment " + experiment
                        + " ("
                        + read.otherExperimentEvents() + " of other experiments, " + read.shadowEvents() + " shadow, "
                        + read.malformed().count() + " unreadable"
                        + (read.malformed().examples().isEmpty()
                                ? ""
                                : ", e.g. " + read.malformed().examples().get(0))
                        + "): check the experiment's name and the path");
            }
            return read;
        }

        private Outcomes readOutcomes() {
            try {
                return OutcomeReader.read(InputFiles.of(outcomes, null, env));
            } catch (IOException e) {
                throw new UserError("--outcomes " + outcomes + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UserError("--outcomes " + e.getMessage());
            }
        }

        private Map<String, Double> weights() {
            Map<String, Double> parsed = new LinkedHashMap<>();
            if (weights != null && config != null) {
                throw new UserError("give --weights or --config, not both");
            }
            if (config != null) {
                try {
                    return RouterConfigWeights.read(config, experiment);
                } catch (IOException e) {
                    throw new UserError("--config " + config + ": cannot read it: " + e.getMessage());
                } catch (IllegalArgumentException e) {
                    throw new UserError("--config " + e.getMessage());
                }
            }
            if (weights == null || weights.isBlank()) {
                return parsed;
            }
            for (String pair : weights.split(",")) {
                String[] kv = pair.split("=", 2);
                double weight;
                try {
                    weight = kv.length == 2 ? Double.parseDouble(kv[1].strip()) : Double.NaN;
                } catch (NumberFormatException e) {
                    weight = Double.NaN;
                }
                if (kv[0].isBlank()
                        || !(weight > 0)
                        || Double.isInfinite(weight)
                        || parsed.put(kv[0].strip(), weight) != null) {
                    throw new UserError(
                            "--weights " + weights + ": \"" + pair + "\" is not VARIANT=WEIGHT with a positive weight"
                                    + " and a variant named once; write e.g. --weights v1=0.5,v2=0.5");
                }
            }
            return parsed;
        }

        private Metric metric() {
            return switch (metric.toLowerCase(Locale.ROOT)) {
                case "auto" -> null;
                case "conversion" -> Metric.CONVERSION;
                case "continuous" -> Metric.CONTINUOUS;
                default -> throw new UserError("--metric " + metric + ": give auto, conversion or continuous");
            };
        }
    }
}
