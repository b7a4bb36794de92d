package dev.cairn.functions.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.cairn.functions.aws.InternalExtension;
import dev.cairn.functions.aws.JavaRuntimeProcess;
import dev.cairn.functions.aws.LocalEndpoint;
import dev.cairn.functions.aws.LocalRuntimeApi;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>Then a shadow slower than production (shadow variant {@value #SLOW_SHADOW_MS} ms, production {@value #STAND_IN_MS}
 * ms): once with the handler waiting for the shadow before it returns (no Lambda Runtime API: {@code cairn serve}'s
 * case), and once as Lambda runs it: {@link RouterHandler} under Lambda's Java runtime interface client in a JVM of its
 * own, against the Runtime and Extensions API stand-in ({@link LocalRuntimeApi}), the internal extension settling the
 * shadow after the answer. There the caller's time is what the stand-in sees: from delivering the invocation to the
 * runtime posting its response; and the environment's freeze (the next invocation waits for it) is reported too.
 * Args: [requests per configuration, default 2000] [warm-up requests, default 300] [the class path of the runtime
 * interface client and the deployment package; without it the Runtime API configuration is skipped].
 */
public final class RouterEndToEnd {

    static final int STAND_IN_MS = 20;
    /** The slow shadow variant's latency: three times the production variant's, within the default 100 ms limit. */
    static final int SLOW_SHADOW_MS = 60;

    static final String SLOW_SHADOW = "{\"variant\": \"v3\", \"share\": 1.0}";
    private static final Pattern MAIN_LATENCY = Pattern.compile("\"latencyMs\":([0-9.]+),.*\"shadow\":false");
    private static final Pattern SHADOW_TIMEOUTS = Pattern.compile("\"ShadowTimeouts\":([0-9]+)");

    private RouterEndToEnd() {}

    record Figures(double[] invocationMs, double[] addedMs, long shadowExposures, long shadowTimeouts) {}

    /** Under the Runtime API: the caller's figures, and how long after each answer the environment froze. */
    record RuntimeFigures(Figures caller, double[] freezeAfterAnswerMs) {}

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
        Function<LocalEndpoint.Seen, LocalEndpoint.Answer> slowShadow = s -> {
            pause("v3".equals(s.header("X-Amzn-SageMaker-Target-Variant")) ? SLOW_SHADOW_MS : STAND_IN_MS);
            return LocalEndpoint.sageMakerAnswer(s);
        };
        String ricClassPath = args.length > 2 ? args[2] : null;
        try (LocalEndpoint sageMakerStandIn = new LocalEndpoint(sageMaker);
                LocalEndpoint slowShadowStandIn = new LocalEndpoint(slowShadow);
                LocalEndpoint firehoseStandIn = new LocalEndpoint(firehose)) {
            Figures plain = run(sageMakerStandIn, null, n, warmUp);
            Figures shadowed = run(sageMakerStandIn, "{\"variant\": \"v3\", \"share\": 1.0}", n, warmUp);
            Figures slowWaited = run(slowShadowStandIn, SLOW_SHADOW, n, warmUp);
            RuntimeFigures slowExtension =
                    ricClassPath == null ? null : underRuntime(slowShadowStandIn, ricClassPath, n, warmUp);
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
                    "  shadow slower than production (%d ms against %d ms), on every request:%n",
                    SLOW_SHADOW_MS,
                    STAND_IN_MS);
            print("handler waits", slowWaited);
            if (slowExtension != null) {
                print("Runtime API + extension", slowExtension.caller());
                System.out.printf(
                        Locale.ROOT,
                        "    %-24s environment frozen after the answer p50 %6.2f ms p99 %6.2f ms; %d of %d shadow "
                                + "answers logged, %d timed out%n",
                        "",
                        p(slowExtension.freezeAfterAnswerMs(), 50),
                        p(slowExtension.freezeAfterAnswerMs(), 99),
                        slowExtension.caller().shadowExposures(),
                        n,
                        slowExtension.caller().shadowTimeouts());
            } else {
                System.out.println(
                        "    Runtime API + extension: skipped (no runtime interface client class path given)");
            }
            Figures ext = slowExtension == null ? null : slowExtension.caller();
            System.out.printf(
                    Locale.ROOT,
                    "e2e_p50_ms=%.2f e2e_p99_ms=%.2f added_p50_ms=%.2f added_p99_ms=%.2f shadow_e2e_p50_ms=%.2f "
                            + "shadow_e2e_p99_ms=%.2f shadow_added_p50_ms=%.2f shadow_added_p99_ms=%.2f "
                            + "shadow_logged=%d shadow_timeouts=%d firehose_calls=%d "
                            + "slow_shadow_waited_added_p50_ms=%.2f slow_shadow_waited_added_p99_ms=%.2f "
                            + "slow_shadow_ext_e2e_p50_ms=%.2f slow_shadow_ext_e2e_p99_ms=%.2f "
                            + "slow_shadow_ext_added_p50_ms=%.2f slow_shadow_ext_added_p99_ms=%.2f "
                            + "slow_shadow_ext_freeze_after_p50_ms=%.2f slow_shadow_ext_logged=%d "
                            + "slow_shadow_ext_timeouts=%d%n",
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
                    firehoseCalls,
                    p(slowWaited.addedMs(), 50),
                    p(slowWaited.addedMs(), 99),
                    ext == null ? Double.NaN : p(ext.invocationMs(), 50),
                    ext == null ? Double.NaN : p(ext.invocationMs(), 99),
                    ext == null ? Double.NaN : p(ext.addedMs(), 50),
                    ext == null ? Double.NaN : p(ext.addedMs(), 99),
                    ext == null ? Double.NaN : p(slowExtension.freezeAfterAnswerMs(), 50),
                    ext == null ? -1 : ext.shadowExposures(),
                    ext == null ? -1 : ext.shadowTimeouts());
        }
    }

    /**
     * {@link RouterHandler} as Lambda runs it (its own JVM under the runtime interface client, with Lambda's JVM flags),
     * invoked through the Runtime API stand-in one invocation after the other: each is delivered once the
     * environment froze after the one before, as Lambda does with one execution environment.
     */
    private static RuntimeFigures underRuntime(LocalEndpoint sageMaker, String classPath, int n, int warmUp)
            throws Exception {
        Path dir = Files.createTempDirectory("cairn-router-runtime");
        try (LocalRuntimeApi api = new LocalRuntimeApi(true, 60_000, f -> {})) {
            Map<String, String> env = new HashMap<>(environment(sageMaker, config(SLOW_SHADOW)));
            env.put(InternalExtension.RUNTIME_API, api.hostAndPort());
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            try (JavaRuntimeProcess lambda = new JavaRuntimeProcess(
                    "dev.cairn.functions.router.RouterHandler::handleRequest", env, dir, classPath)) {
                api.initDone().get(60, TimeUnit.SECONDS);
                if (api.registrations().stream().noneMatch(r -> r.status() == 200)) {
                    throw new IllegalStateException("the router registered no internal extension: " + lambda.stderr());
                }
                for (int i = 0; i < warmUp; i++) {
                    invokeThrough(api, "warm-" + i, lambda);
                }
                Path stdout = dir.resolve("stdout.log");
                long measuredFrom = Files.size(stdout); // every line of the warm-up is written: it froze after them
                double[] callerMs = new double[n];
                double[] freezeAfterMs = new double[n];
                for (int i = 0; i < n; i++) {
                    long[] t = invokeThrough(api, "user-" + i, lambda);
                    callerMs[i] = (t[1] - t[0]) / 1e6;
                    freezeAfterMs[i] = (t[2] - t[1]) / 1e6;
                }
                List<String> measured = measuredLines(stdout, measuredFrom);
                return new RuntimeFigures(figures(callerMs, measured, stdout), freezeAfterMs);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** One invocation through the Runtime API: its delivery, answer and freeze, as nanoTime instants. */
    private static long[] invokeThrough(LocalRuntimeApi api, String unit, JavaRuntimeProcess lambda) throws Exception {
        LocalRuntimeApi.Invocation i = api.invoke(EVENT_JSON.formatted(unit));
        LocalRuntimeApi.Answer answer = i.answer().get(60, TimeUnit.SECONDS);
        if (answer.error() || !answer.body().contains("\"statusCode\":200")) {
            throw new IllegalStateException("router answered " + answer.body() + "; its log: " + lambda.stderr());
        }
        LocalRuntimeApi.Freeze freeze = i.freeze().get(60, TimeUnit.SECONDS);
        return new long[] {i.deliveredAtNanos().get(), answer.atNanos(), freeze.atNanos()};
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

    private static String config(String shadow) {
        return """
                {"models": {"churn": {"endpoint": "churn", "variants": ["v1", "v2", "v3"], "default": "v1",
                  "experiment": {"name": "churn-ab", "salt": "churn-ab-1", "coverage": 1.0,
                                 "variants": [{"name": "v1", "weight": 0.5}, {"name": "v2", "weight": 0.5}]}%s}}}""".formatted(shadow == null ? "" : ", \"shadow\": " + shadow);
    }

    /** The router's environment as the CDK sets it (config, exposure lines on stdout), with the stand-in's address. */
    private static Map<String, String> environment(LocalEndpoint sageMaker, String config) {
        return Map.of(
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
    }

    private static Figures run(LocalEndpoint sageMaker, String shadow, int n, int warmUp) throws IOException {
        Path lines = Files.createTempFile("cairn-router-stdout", ".log");
        try (PrintStream stdout = new PrintStream(new FileOutputStream(lines.toFile()), true, StandardCharsets.UTF_8)) {
            Map<String, String> env = environment(sageMaker, config(shadow));
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
            return figures(invocationMs, measuredLines(lines, measuredFrom), lines);
        } finally {
            Files.deleteIfExists(lines);
        }
    }

    /** The added latency per invocation (from the main exposure lines' model latency), shadow lines and timeouts. */
    private static Figures figures(double[] invocationMs, List<String> measured, Path lines) {
        int n = invocationMs.length;
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
    }

    private static List<String> measuredLines(Path file, long from) throws IOException {
        byte[] all = Files.readAllBytes(file);
        String text = new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
        return new ArrayList<>(text.lines().toList());
    }

    /** The same API Gateway event as {@link #invoke}, as JSON (a unit id to fill in). */
    private static final String EVENT_JSON = "{\"httpMethod\": \"POST\", \"path\": \"/models/churn/predict\", "
            + "\"pathParameters\": {\"model\": \"churn\"}, \"headers\": {\"Content-Type\": \"application/json\", "
            + "\"X-Unit-Id\": \"%s\"}, \"body\": \"{\\\"instances\\\": [{\\\"tenure_months\\\": 12, "
            + "\\\"monthly_spend\\\": 70.5, \\\"support_calls\\\": 1}]}\", \"isBase64Encoded\": false}";

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
        pause(STAND_IN_MS);
    }

    private static void pause(int ms) {
        try {
            Thread.sleep(ms);
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
