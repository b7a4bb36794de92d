package dev.cairn.functions.bench;

import dev.cairn.functions.aws.ExposureEvent;
import dev.cairn.functions.aws.ExposureLog;
import dev.cairn.functions.aws.InvokeResult;
import dev.cairn.functions.aws.SageMakerRuntime;
import dev.cairn.functions.router.PredictionRouter;
import dev.cairn.functions.router.RouterMetrics;
import dev.cairn.functions.router.RouterResponse;
import dev.cairn.router.config.RouterConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The router's own cost per request: {@link PredictionRouter#route} with a SageMaker runtime that answers at once
 * in-process, so only validation, parsing, assignment, re-serialization, exposure event and metrics are timed.
 * Exposure events are serialized (as for their log lines) and dropped. Prints p50/p99 in microseconds.
 * Args: [requests, default 100000] [warm-up requests, default 50000].
 */
public final class RouterOverhead {

    private RouterOverhead() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        String config = System.getenv().getOrDefault("CAIRN_ROUTER_CONFIG", "");
        byte[] answer = "{\"predictions\":[0.25]}".getBytes(StandardCharsets.UTF_8);
        SageMakerRuntime instant =
                request -> new InvokeResult(200, "application/json", request.targetVariant(), answer);
        ExposureLog serializing = new ExposureLog() {
            long chars;

            @Override
            public void record(ExposureEvent event) {
                chars += event.toJsonLine().length();
            }

            @Override
            public void flush() {}
        };
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        PredictionRouter router = new PredictionRouter(
                RouterConfig.parse(config), instant, serializing, new RouterMetrics(nowhere), nowhere);
        byte[] body =
                "{\"instances\": [{\"tenure\": 12, \"plan\": \"pro\", \"charges\": 70.5, \"tags\": [\"a\", \"b\"]}]}"
                        .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < warmUp; i++) {
            route(router, "warm-" + i, body);
        }
        long[] nanos = new long[n];
        String[] units = new String[n];
        for (int i = 0; i < n; i++) {
            units[i] = "user-" + i;
        }
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            RouterResponse r = route(router, units[i], body);
            nanos[i] = System.nanoTime() - start;
            if (r.status() != 200) {
                throw new IllegalStateException("router answered " + r.status() + ": " + r.bodyText());
            }
            if (i % 50 == 49) {
                router.flush(); // as at the end of each invocation, outside the timed part
            }
        }
        Arrays.sort(nanos);
        System.out.printf(
                "p50_us=%.2f p99_us=%.2f max_us=%.1f requests=%d%n",
                nanos[n / 2] / 1e3, nanos[(int) Math.ceil(n * 0.99) - 1] / 1e3, nanos[n - 1] / 1e3, n);
    }

    private static RouterResponse route(PredictionRouter router, String unit, byte[] body) {
        return router.route("churn", Map.of("Content-Type", "application/json", "X-Unit-Id", unit), body);
    }
}
