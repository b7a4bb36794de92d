package dev.cairn.cli;

import dev.cairn.flow.layout.DatastoreLayout;
import dev.cairn.serving.local.LocalServing;
import dev.cairn.serving.local.ServeConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serve exported models on localhost the way they are served in AWS.",
            "Every part (the API, the SageMaker runtime, the model servers) listens on 127.0.0.1 only, unless --host says otherwise.",
            "The router Lambda's code runs behind a local API Gateway (POST /models/{model}/predict), signing InvokeEndpoint calls to a local",
            "SageMaker runtime that forwards to one serving-container server per variant. Exposure events go",
            "to files (experiment=NAME/date=DAY/), ready for `cairn experiment report`. Ctrl-C stops."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  cairn export-model CountryModels/latest-successful/bestPerCountry/0-0 best --out v1.tar.gz",
            "  cairn serve --model churn=v1.tar.gz",
            "  cairn serve --model churn=v1.tar.gz,v2.tar.gz      (an A/B experiment named churn, 50/50)",
            "  cairn serve --config serving.json                 (router config + exports, see the README)",
            "  curl -s localhost:8080/models/churn/predict -H 'Content-Type: application/json' \\",
            "       -H 'X-Unit-Id: user-1' -d '{\"instances\": [{\"tenure_months\": 3, ...}]}'"
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped", "2:bad arguments, config or model archive"})
final class ServeCommand implements Callable<Integer> {
    /**
     * Where exposures go by default: the datastore's serving folder, which no project, branch or flow name can reach
     * (before, {@code .cairn/exposures} was a project's folder had a project been named {@code exposures}).
     */
    static final String DEFAULT_EXPOSURES = ".cairn/" + DatastoreLayout.SERVING + "/exposures";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Models models;

    static final class Models {
        @Option(
                names = "--model",
                paramLabel = "NAME=ARCHIVE[,ARCHIVE...]",
                description =
                        "A model and its archive(s); several archives become variants v1, v2, ... of an experiment.")
        List<String> specs;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "{\"router\": <router config>, \"exports\": {endpoint: {variant: archive}}}.")
        Path config;
    }

    @Option(
            names = "--port",
            defaultValue = "8080",
            paramLabel = "PORT",
            description = "Port on localhost (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDRESS",
            description = "Interface every part listens on; 0.0.0.0 for all of them (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--exposures",
            defaultValue = DEFAULT_EXPOSURES,
            paramLabel = "DIR",
            description = "Where exposure events are written (default: ${DEFAULT-VALUE}).")
    Path exposures;

    @Option(
            names = "--max-model-bytes",
            defaultValue = "1073741824",
            paramLabel = "BYTES",
            description = "Refuse a model archive that expands to more than this, before extracting it"
                    + " (default: ${DEFAULT-VALUE}, 1 GiB).")
    long maxModelBytes;

    @Override
    public Integer call() throws IOException, InterruptedException {
        InetAddress address = address();
        ServeConfig config;
        try {
            config = models.config != null ? ServeConfig.read(models.config) : ServeConfig.ofModels(models.specs);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Files.createDirectories(exposures);
        // beside the exposures, not among them: the report reads every file under --exposures
        Path metricsFile = exposures.toAbsolutePath().resolveSibling("router-metrics.log");
        PrintWriter out = spec.commandLine().getOut();
        try (PrintStream metrics = new PrintStream(
                        Files.newOutputStream(metricsFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                        true,
                        StandardCharsets.UTF_8);
                LocalServing serving = start(config, address, metrics)) {
            out.printf("Serving on %s (Ctrl-C to stop)%n", serving.url());
            config.models()
                    .forEach((name, m) -> out.printf(
                            "  %-12s POST %s/models/%s/predict  variants %s%s%n",
                            name,
                            serving.url(),
                            name,
                            String.join(", ", m.variants()),
                            m.experiment() == null
                                    ? ""
                                    : "  experiment " + m.experiment().name()));
            out.printf("  exposures: %s%n  metrics:   %s%n", exposures, metricsFile);
            out.printf(
                    "  sagemaker: %s (the local SageMaker runtime; CAIRN_SAGEMAKER_ENDPOINT_URL for another router)%n",
                    serving.sageMakerUrl());
            out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }

    private InetAddress address() {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UserError("--host " + host + " is not an address of this machine: give an IP address such as"
                    + " 127.0.0.1 (the default) or 0.0.0.0 (every interface)");
        }
    }

    private LocalServing start(ServeConfig config, InetAddress address, PrintStream metrics) throws IOException {
        try {
            return LocalServing.start(config, address, port, exposures, metrics, System.err, maxModelBytes);
        } catch (java.net.BindException e) {
            throw new UserError("cannot listen on " + host + " port " + port + " (" + e.getMessage()
                    + "): pick another port with --port, or an address of this machine with --host");
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
