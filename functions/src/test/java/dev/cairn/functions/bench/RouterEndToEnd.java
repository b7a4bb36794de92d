package dev.cairn.functions.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.cairn.functions.aws.LocalEndpoint;
import dev.cairn.functions.router.FixedContext;
import dev.cairn.functions.router.PredictionRouter;
import dev.cairn.functions.router.RouterEnvironment;
import dev.cairn.functions.router.RouterHandler;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a caller waits for: Lambda invocations of {@link RouterHandler} (API Gateway event in, response out, the
 * end-of-invocation flush included) over HTTP to stand-ins that answer after {@value #STAND_IN_MS} ms, as a region's
 * SageMaker and Firehose would: without a shadow variant, then with one shadowing every request. Exposure logging is
 * on, as deployed ({@code CAIRN_EXPOSURE_LOG=stdout}, its lines to a file as Lambda's stdout goes to a pipe); the
 * Firehose stand-in counts the calls it gets (the router should make none). The router's added latency per request
 * is the invocation's time minus the production call's own, which the request's exposure line records
 * ({@code latencyMs}). Prints p50/p99 of both, and one machine-readable last line.
 * Args: [requests per configuration, default 2000] [warm-up requests, default 300].
 */
public final class RouterEndToEnd {

    static final int STAND_IN_MS = 20;
    private static final Pattern MAIN_LATENCY = Pattern.compile("\"latencyMs\":([0-9.]+),.*\"shadow\":false");
    private static final Pattern SHADOW_TIMEOUTS = Pattern.compile("\"ShadowTimeouts\":([0-9]+)");

    private RouterEndToEnd() {}

    record Figures(double[] invocationMs, double[] addedMs, long shadowExposures, long shadowTimeouts) {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Function<LocalEndpoint.Seen, LocalEndpoint.Answer> sageMaker = s -> {
            pause();
            return LocalEndpoint.sageMakerAnswer(s);
        };
        Function<LocalEndpoint.Seen, LocalEndpoint.Answer> firehose = s -> {
            pause();
            return LocalEndpoint.Answer.json(200, "{\"FailedPutCount\":0,\"RequestResponses\":[]}");
        };
        try (LocalEndpoint sageMakerStandIn = new LocalEndpoint(sageMaker);
                LocalEndpoint firehoseStandIn = new LocalEndpoint(firehose)) {
            Figures plain = run(sageMakerStandIn, null, n, warmUp);
            Figures shadowed = run(sageMakerStandIn, "{\"variant\": \"v3\", \"share\": 1.0}", n, warmUp);
            int firehoseCalls = firehoseStandIn.seen().size();
            System.out.printf(
                    Locale.ROOT,
                    "stand-ins answer after %d ms; %d invocations per configuration after %d warm-up%n",
                    STAND_IN_MS,
                    n,
                    warmUp);
            print("no shadow", plain);
            print("shadow on every request", shadowed);
            System.out.printf(
                    Locale.ROOT,
                    "e2e_p50_ms=%.2f e2e_p99_ms=%.2f added_p50_ms=%.2f added_p99_ms=%.2f shadow_e2e_p50_ms=%.2f "
                            + "shadow_e2e_p99_ms=%.2f shadow_added_p50_ms=%.2f shadow_added_p99_ms=%.2f "
                            + "shadow_logged=%d shadow_timeouts=%d firehose_calls=%d%n",
                    p(plain.invocationMs(), 50),
                    p(plain.invocationMs(), 99),
                    p(plain.addedMs(), 50),
                    p(plain.addedMs(), 99),
                    p(shadowed.invocationMs(), 50),
                    p(shadowed.invocationMs(), 99),
                    p(shadowed.addedMs(), 50),
                    p(shadowed.addedMs(), 99),
                    shadowed.shadowExposures(),
                    shadowed.shadowTimeouts(),
                    firehoseCalls);
        }
    }

    private static void print(String name, Figures f) {
        System.out.printf(
                Locale.ROOT,
                "    %-24s invocation p50 %6.2f ms p99 %6.2f ms   added over the model call p50 %5.2f ms p99 %5.2f ms%n",
                name,
                p(f.invocationMs(), 50),
                p(f.invocationMs(), 99),
                p(f.addedMs(), 50),
                p(f.addedMs(), 99));
    }

    private static Figures run(LocalEndpoint sageMaker, String shadow, int n, int warmUp) throws IOException {
        String config = """
                {"models": {"churn": {"endpoint": "churn", "variants": ["v1", "v2", "v3"], "default": "v1",
                  "experiment": {"name": "churn-ab", "salt": "churn-ab-1", "coverage": 1.0,
                                 "variants": [{"name": "v1", "weight": 0.5}, {"name": "v2", "weight": 0.5}]}%s}}}""".formatted(shadow == null ? "" : ", \"shadow\": " + shadow);
        Path lines = Files.createTempFile("cairn-router-stdout", ".log");
        try (PrintStream stdout = new PrintStream(new FileOutputStream(lines.toFile()), true, StandardCharsets.UTF_8)) {
            Map<String, String> env = Map.of(
                    RouterEnvironment.CONFIG,
                    config,
                    RouterEnvironment.SAGEMAKER_URL,
                    sageMaker.uri().toString(),
                    RouterEnvironment.EXPOSURE_LOG,
                    RouterEnvironment.EXPOSURE_LOG_STDOUT,
                    "AWS_REGION",
                    "eu-west-1",
                    "AWS_ACCESS_KEY_ID",
                    "AKIDBENCH",
                    "AWS_SECRET_ACCESS_KEY",
                    "bench",
                    "AWS_SESSION_TOKEN",
                    "bench");
            PredictionRouter router = RouterEnvironment.router(env, stdout, System.err);
            RouterHandler handler = new RouterHandler(router);
            FixedContext context = new FixedContext("bench");
            for (int i = 0; i < warmUp; i++) {
                invoke(handler, context, "warm-" + i);
            }
            stdout.flush();
            long measuredFrom = Files.size(lines);
            double[] invocationMs = new double[n];
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                invoke(handler, context, "user-" + i);
                invocationMs[i] = (System.nanoTime() - start) / 1e6;
            }
            stdout.flush();
            List<String> measured = measuredLines(lines, measuredFrom);
            double[] modelMs = measured.stream()
                    .map(MAIN_LATENCY::matcher)
                    .filter(Matcher::find)
                    .mapToDouble(m -> Double.parseDouble(m.group(1)))
                    .toArray();
            if (modelMs.length != n) {
                throw new IllegalStateException("expected one main exposure line per invocation, " + n + ", found "
                        + modelMs.length + " in " + lines);
            }
            double[] addedMs = new double[n];
            for (int i = 0; i < n; i++) {
                addedMs[i] = invocationMs[i] - modelMs[i];
            }
            long shadowExposures =
                    measured.stream().filter(l -> l.contains("\"shadow\":true")).count();
            long timeouts = measured.stream()
                    .map(SHADOW_TIMEOUTS::matcher)
                    .filter(Matcher::find)
                    .mapToLong(m -> Long.parseLong(m.group(1)))
                    .sum();
            return new Figures(invocationMs, addedMs, shadowExposures, timeouts);
        } finally {
            Files.deleteIfExists(lines);
        }
    }

    private static List<String> measuredLines(Path file, long from) throws IOException {
        byte[] all = Files.readAllBytes(file);
        String text = new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
        return new ArrayList<>(text.lines().toList());
    }

    private static void invoke(RouterHandler handler, FixedContext context, String unit) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withPath("/models/churn/predict")
                .withPathParameters(Map.of("model", "churn"))
                .withHeaders(Map.of("Content-Type", "application/json", "X-Unit-Id", unit))
                .withBody("{\"instances\": [{\"tenure_months\": 12, \"monthly_spend\": 70.5, \"support_calls\": 1}]}");
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("router answered " + response.getStatusCode() + ": " + response.getBody());
        }
    }

    /** The stand-in's latency: a region's round trip, not an outcome. */
    private static void pause() {
        try {
            Thread.sleep(STAND_IN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }

    private static double p(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(sorted.length * percentile / 100.0) - 1];
    }
}
