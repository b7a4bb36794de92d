package dev.cairn.cli;

import dev.cairn.experiments.DemoOutcomes;
import dev.cairn.experiments.ExposureReader;
import dev.cairn.experiments.Exposures;
import dev.cairn.experiments.InputFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "demo-outcomes",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes made-up outcomes (unit,value CSV) for the units of an experiment's exposure log, to try"
                    + " `experiment report` before real outcomes exist: each unit converts (1) or not (0) at its"
                    + " variant's rate; by default the variants in name order convert at 10%%, 12%%, 14%%, ..."
        },
        footerHeading = "%nExample:%n",
        footer = {
            "  cairn experiment demo-outcomes churn --out outcomes.csv",
            "  cairn experiment report churn --exposures " + ServeCommand.DEFAULT_EXPOSURES
                    + " --outcomes outcomes.csv --control v1"
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:file written", "2:bad arguments, or exposures that cannot be read"})
final class DemoOutcomesCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "EXPERIMENT",
            description = "The experiment's name, as in its exposure events.")
    String experiment;

    @Option(
            names = "--exposures",
            defaultValue = ServeCommand.DEFAULT_EXPOSURES,
            paramLabel = "PATH|s3://BUCKET/PREFIX",
            description =
                    "Exposure events, as for `experiment report` (default: ${DEFAULT-VALUE}, where `serve` writes them).")
    String exposures;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV file to write.")
    Path out;

    @Option(
            names = "--rates",
            paramLabel = "V=R,...",
            description =
                    "Each variant's conversion rate, from 0 to 1, e.g. v1=0.10,v2=0.12 (default: 10%%, 12%%, ...).")
    String rates;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "N",
            description = "Seed of the made-up outcomes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        Exposures read;
        try {
            read = ExposureReader.read(
                    InputFiles.of(exposures, "experiment=" + experiment, System.getenv()), experiment);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("--exposures " + exposures + ": " + e.getMessage() + "; " + whereExposuresComeFrom());
        }
        if (read.variantOfUnit().isEmpty()) {
            throw new UserError("--exposures " + exposures + " holds no unit of experiment " + experiment + "; "
                    + whereExposuresComeFrom());
        }
        Map<String, Double> rateOfVariant = rates == null ? DemoOutcomes.defaultRates(read) : parsedRates();
        Map<String, Integer> outcomes;
        try {
            outcomes = DemoOutcomes.simulate(read, rateOfVariant, seed);
            DemoOutcomes.writeCsv(outcomes, out);
        } catch (IllegalArgumentException e) {
            throw new UserError("--rates " + rates + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot write --out " + out + ": " + e.getMessage());
        }
        PrintWriter printed = spec.commandLine().getOut();
        printed.printf(
                Locale.ROOT,
                "Wrote made-up outcomes of %,d units to %s (%s).%n",
                outcomes.size(),
                out,
                rateOfVariant.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s converts at %.0f%%", e.getKey(), 100 * e.getValue()))
                        .collect(Collectors.joining(", ")));
        printed.printf(
                "  report:   %s experiment report %s --exposures %s --outcomes %s --control %s%n",
                CairnCli.command(),
                experiment,
                exposures,
                out,
                rateOfVariant.keySet().stream().findFirst().orElse("VARIANT"));
        printed.flush();
        return 0;
    }

    private static String whereExposuresComeFrom() {
        return "`" + CairnCli.command() + " serve` writes them for each request with an X-Unit-Id header";
    }

    private Map<String, Double> parsedRates() {
        Map<String, Double> parsed = new LinkedHashMap<>();
        for (String pair : rates.split(",")) {
            String[] kv = pair.split("=", 2);
            double rate;
            try {
                rate = kv.length == 2 ? Double.parseDouble(kv[1].strip()) : Double.NaN;
            } catch (NumberFormatException e) {
                rate = Double.NaN;
            }
            if (kv[0].isBlank() || !(rate >= 0 && rate <= 1) || parsed.put(kv[0].strip(), rate) != null) {
                throw new UserError(
                        "--rates " + rates + ": \"" + pair + "\" is not VARIANT=RATE with a rate from 0 to 1"
                                + " and a variant named once; write e.g. --rates v1=0.10,v2=0.12");
            }
        }
        return parsed;
    }
}
