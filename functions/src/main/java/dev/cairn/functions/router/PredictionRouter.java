package dev.cairn.functions.router;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cairn.functions.aws.ExposureEvent;
import dev.cairn.functions.aws.ExposureLog;
import dev.cairn.functions.aws.InvokeRequest;
import dev.cairn.functions.aws.InvokeResult;
import dev.cairn.functions.aws.SageMakerRuntime;
import dev.cairn.functions.aws.WellFormedText;
import dev.cairn.router.config.ExperimentConfig;
import dev.cairn.router.config.ModelConfig;
import dev.cairn.router.config.RouterConfig;
import dev.cairn.router.config.ShadowConfig;
import dev.cairn.router.config.json.StrictJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routes a prediction request of a model to one of its SageMaker production variants: validates the request,
 * assigns the unit with the model's experiment ({@link ExperimentRouter}), forwards {@code {"instances": ...}} to the
 * variant, logs the exposure and counts the call. Plain Java: the Lambda handler and {@code cairn serve} both use it.
 *
 * <pre>{@code
 * PredictionRouter router = new PredictionRouter(RouterConfig.parse(json), runtime, exposures, metrics, System.err);
 * RouterResponse r = router.route("churn", Map.of("Content-Type", "application/json", "X-Unit-Id", "u-42"), body);
 * router.flush(); // at the end of every invocation
 * }</pre>
 *
 * Exposure events: one per request of a unit in the experiment (none for units outside it, which get the default
 * variant), and one per shadow call that answered in time ({@code "shadow": true}, the shadow's answer; its experiment
 * is the model's, or {@code <model>-shadow} for a model without experiment). Shadow calls are sampled per unit
 * ({@code share} of the units, always the same ones) or at random without a unit id.
 *
 * <p>A shadow call starts on a thread of its own at the same time as the production call, and {@link #route} returns
 * as soon as the production call is done. {@link #flush()}, at the end of the invocation, waits for the shadow calls
 * the calling thread started, each at most until its limit ({@code timeoutMs}, counted from its start): one that
 * answered by then is logged, one that did not is counted ({@value RouterMetrics#SHADOW_TIMEOUTS}) and its late answer
 * dropped. Lambda freezes the execution environment once the invocation is over, so a call still running then would
 * be frozen mid-flight; settling every shadow call before that keeps its outcome inside its own invocation. In Lambda
 * the handler hands that wait to an internal extension ({@link #flushLater()}), so the answer goes back at once and the
 * environment freezes only after the shadow calls are settled and their lines written; elsewhere ({@code cairn serve},
 * a Runtime API that refuses the extension) {@code flush} waits before the handler returns, which costs the caller
 * nothing when the shadow is no slower than the production variant.
 *
 * <p>Answers: 200 with the endpoint's body and X-Cairn-Variant / X-Cairn-Experiment; 400 malformed body or unit id,
 * 404 unknown model, 413 body over {@value #MAX_BODY_BYTES} bytes, 415 not JSON, 502 when the variant fails.
 * Thread-safe.
 */
public final class PredictionRouter {

    /** API Gateway allows 10 MB; the router allows less so a hostile body costs little. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    public static final int MAX_UNIT_ID_CHARS = 256;
    public static final String UNIT_HEADER = "X-Unit-Id";
    public static final String VARIANT_HEADER = "X-Cairn-Variant";
    public static final String EXPERIMENT_HEADER = "X-Cairn-Experiment";
    static final String JSON = "application/json";
    /** Error details quoted from an endpoint's answer are cut to this many chars. */
    private static final int MAX_ERROR_DETAIL = 300;
    /**
     * Shadow calls running at once, late ones included: a shadow endpoint that hangs holds a thread until the HTTP
     * client's socket timeout, and past this many the next shadow call is skipped (counted as timed out).
     */
    static final int MAX_SHADOW_THREADS = 16;

    private record Route(String name, ModelConfig config, ExperimentRouter experiment, String configVersion) {}

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final Map<String, ConfigDiff> configChanges = new LinkedHashMap<>();
    private final SageMakerRuntime runtime;
    private final ExposureLog exposures;
    private final RouterMetrics metrics;
    private final PrintStream log;
    private final Clock clock;
    private final AtomicLong lostExposures = new AtomicLong();
    /** Built with the first shadow call: a router without shadows starts no threads. */
    private volatile ThreadPoolExecutor shadowThreads;

    private final AtomicInteger shadowCallsRunning = new AtomicInteger();
    /** The shadow calls this thread's requests started that {@link #flush()} has not settled yet. */
    private final ThreadLocal<ArrayDeque<ShadowCall>> unsettledShadows = ThreadLocal.withInitial(ArrayDeque::new);

    public PredictionRouter(
            RouterConfig config,
            SageMakerRuntime runtime,
            ExposureLog exposures,
            RouterMetrics metrics,
            PrintStream log) {
        this(config, runtime, exposures, metrics, log, Clock.systemUTC());
    }

    /**
     * Builds the routes; for every experiment with a {@code previous} config, computes and logs what the change does
     * to assignments (one line per model, {@link #configChanges()}).
     */
    public PredictionRouter(
            RouterConfig config,
            SageMakerRuntime runtime,
            ExposureLog exposures,
            RouterMetrics metrics,
            PrintStream log,
            Clock clock) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.exposures = Objects.requireNonNull(exposures, "exposures");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (var e : config.models().entrySet()) {
            ModelConfig m = e.getValue();
            ExperimentConfig x = m.experiment();
            routes.put(
                    e.getKey(),
                    new Route(
                            e.getKey(),
                            m,
                            x == null ? null : new ExperimentRouter(x),
                            x == null ? null : RouterConfig.configVersion(x)));
            if (x != null && m.previous() != null) {
                ConfigDiff d = ExperimentRouter.diff(m.previous(), x);
                configChanges.put(e.getKey(), d);
                log.println(String.format(
                        Locale.ROOT,
                        "cairn router: model %s experiment %s changed since its previous "
                                + "config (%s -> %s): %.2f%% of units reassigned, %d buckets reassigned, %d added, %d removed, "
                                + "salt changed %s%s",
                        e.getKey(),
                        x.name(),
                        RouterConfig.configVersion(m.previous()),
                        RouterConfig.configVersion(x),
                        100 * d.reassignedShare(),
                        d.reassignedBuckets(),
                        d.addedBuckets(),
                        d.removedBuckets(),
                        d.saltChanged(),
                        d.flagged() ? " [FLAGGED: units already exposed moved]" : ""));
            }
        }
    }

    /** For each model whose experiment has a previous config: what the change did to assignments. */
    public Map<String, ConfigDiff> configChanges() {
        return Collections.unmodifiableMap(configChanges);
    }

    /** The config version of a model's experiment, empty when it has none or the model is unknown. */
    public Optional<String> configVersion(String model) {
        Route r = routes.get(model);
        return r == null ? Optional.empty() : Optional.ofNullable(r.configVersion());
    }

    /**
     * Exposure events that could not be recorded or were not delivered by the exposure log (logged, never failing a
     * prediction).
     */
    public long lostExposures() {
        return lostExposures.get() + exposures.dropped();
    }

    /**
     * Routes one request.
     *
     * @param headers request headers, looked up whatever the case of their names
     * @param body the raw request body (null for none)
     */
    public RouterResponse route(String model, Map<String, String> headers, byte[] body) {
        Route route = model == null ? null : routes.get(model);
        if (route == null) {
            return error(
                    404,
                    "unknown model '" + model + "': this router serves " + String.join(", ", routes.keySet()),
                    null);
        }
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null && v != null) {
                    h.put(k, v);
                }
            });
        }
        PredictionRequest request;
        String unitId;
        try {
            request = PredictionRequest.parse(h.get("Content-Type"), body == null ? new byte[0] : body, MAX_BODY_BYTES);
            unitId = unitId(h.get(UNIT_HEADER), request.unitId(), route);
        } catch (Refusal r) {
            return error(r.status(), r.getMessage(), null);
        }
        return invoke(route, request.forward(), unitId);
    }

    /**
     * Settles the shadow calls this thread's requests started (waiting for each at most until its limit), then writes
     * buffered exposure events and metrics; call at the end of every invocation.
     */
    public void flush() {
        settleShadowCalls(unsettledShadows.get());
        write();
    }

    /**
     * Takes the shadow calls this thread's requests started and returns the rest of {@link #flush()} for another
     * thread to run later: settling those calls (each waited for at most until its limit) and writing buffered
     * exposure events and metrics. The Lambda handler hands it to an internal extension, which runs it after the
     * answer is sent and before the execution environment freezes.
     */
    public Runnable flushLater() {
        ArrayDeque<ShadowCall> taken = new ArrayDeque<>(unsettledShadows.get());
        unsettledShadows.get().clear();
        return () -> {
            settleShadowCalls(taken);
            write();
        };
    }

    private void write() {
        try {
            exposures.flush();
        } catch (RuntimeException e) {
            log.println("cairn router: flushing exposure events failed: " + e);
        }
        metrics.flush();
    }

    private RouterResponse invoke(Route route, byte[] forward, String unitId) {
        ModelConfig m = route.config();
        Optional<Assignment> assignment = route.experiment() == null
                ? Optional.empty()
                : route.experiment().assign(unitId);
        String variant = assignment.map(Assignment::variant).orElse(m.defaultVariant());
        startShadow(route, forward, unitId, assignment);
        Call call = call(route, variant, forward);
        metrics.record(route.name(), variant, call.failure() != null && call.refusal() == null, call.latencyMs());
        RouterResponse response;
        if (call.failure() == null) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(
                    "Content-Type",
                    call.result().contentType() == null ? JSON : call.result().contentType());
            headers.put(VARIANT_HEADER, variant);
            assignment.ifPresent(a ->
                    headers.put(EXPERIMENT_HEADER, route.experiment().config().name()));
            response = new RouterResponse(
                    call.result().status(), headers, call.result().body());
        } else if (call.refusal() != null) {
            response =
                    error(400, "the model (variant " + variant + ") refused the request: " + call.refusal(), variant);
        } else {
            response = error(
                    502, "variant " + variant + " of endpoint " + m.endpoint() + " failed: " + call.failure(), variant);
        }
        if (assignment.isPresent()) {
            record(new ExposureEvent(
                    route.experiment().config().name(),
                    route.name(),
                    variant,
                    unitId,
                    assignment.get().bucket(),
                    clock.instant(),
                    call.latencyMs(),
                    response.status(),
                    route.configVersion(),
                    false,
                    null));
        }
        return response;
    }

    private void startShadow(Route route, byte[] forward, String unitId, Optional<Assignment> assignment) {
        ShadowConfig shadow = route.config().shadow();
        if (shadow == null || !sampled(route.name(), shadow.share(), unitId)) {
            return;
        }
        ShadowCall s = new ShadowCall(
                route.name(), shadow.variant(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shadow.timeoutMs()));
        unsettledShadows.get().add(s);
        shadowCallsRunning.incrementAndGet();
        try {
            shadowThreads().execute(() -> {
                try {
                    shadow(s, route, forward, unitId, assignment);
                } finally {
                    s.markDone();
                    shadowCallsRunning.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            shadowCallsRunning.decrementAndGet();
            s.markDone();
            if (s.settle()) {
                log.println("cairn router: shadow call of model " + route.name() + " skipped: " + MAX_SHADOW_THREADS
                        + " earlier shadow calls still wait for variant " + shadow.variant());
                metrics.countShadowTimeout(s.model(), s.variant());
            }
        }
    }

    /** Waits for each of the shadow calls, at most until its limit; counts the ones that timed out. */
    private void settleShadowCalls(ArrayDeque<ShadowCall> unsettled) {
        for (ShadowCall s; (s = unsettled.poll()) != null; ) {
            if (!s.awaitDone() && s.settle()) {
                metrics.countShadowTimeout(s.model(), s.variant());
            }
        }
    }

    private ThreadPoolExecutor shadowThreads() {
        ThreadPoolExecutor threads = shadowThreads;
        if (threads == null) {
            synchronized (this) {
                threads = shadowThreads;
                if (threads == null) {
                    AtomicInteger n = new AtomicInteger();
                    threads = new ThreadPoolExecutor(
                            0, MAX_SHADOW_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                                Thread t = new Thread(r, "cairn-shadow-" + n.incrementAndGet());
                                t.setDaemon(true); // never keeps cairn serve or a test JVM alive
                                return t;
                            });
                    shadowThreads = threads;
                }
            }
        }
        return threads;
    }

    /** Shadow calls whose thread has not finished yet, late ones included (tests wait for them to end). */
    int shadowCallsRunning() {
        return shadowCallsRunning.get();
    }

    private void shadow(ShadowCall s, Route route, byte[] forward, String unitId, Optional<Assignment> assignment) {
        ShadowConfig shadow = route.config().shadow();
        try {
            Call call = call(route, shadow.variant(), forward);
            boolean late = s.pastDeadline(System.nanoTime());
            if (!s.settle()) {
                return; // flush already counted it as timed out: a late answer is dropped
            }
            if (late) {
                metrics.countShadowTimeout(s.model(), s.variant());
                return;
            }
            metrics.record(
                    route.name(), shadow.variant(), call.failure() != null && call.refusal() == null, call.latencyMs());
            String answer = call.failure() != null
                    ? call.failure()
                    : new String(call.result().body(), StandardCharsets.UTF_8);
            ExperimentRouter x = route.experiment();
            Integer bucket = assignment
                    .map(Assignment::bucket)
                    .orElse(
                            x != null && unitId != null
                                    ? GrowthBookHash.bucketV2(x.config().salt(), unitId)
                                    : null);
            record(new ExposureEvent(
                    x != null ? x.config().name() : route.name() + "-shadow",
                    route.name(),
                    shadow.variant(),
                    unitId,
                    bucket,
                    clock.instant(),
                    call.latencyMs(),
                    call.result() != null ? call.result().status() : 502,
                    route.configVersion(),
                    true,
                    answer));
        } catch (RuntimeException e) {
            if (s.settle()) {
                metrics.countShadowTimeout(s.model(), s.variant());
            }
            log.println("cairn router: shadow call of model " + route.name() + " failed: " + e);
        }
    }

    /** A share of the requests: by unit when there is one (a unit is always or never shadowed), else at random. */
    private static boolean sampled(String model, double share, String unitId) {
        if (share >= 1) {
            return true;
        }
        if (share <= 0) {
            return false;
        }
        double u = unitId != null
                ? GrowthBookHash.bucketV2("shadow:" + model, unitId) / (double) GrowthBookHash.BUCKETS
                : ThreadLocalRandom.current().nextDouble();
        return u < share;
    }

    /**
     * @param refusal the model's reason when it rejected the input (then {@code failure} is set too): the caller's
     *     error, not the variant's, so not counted as an error of the variant
     */
    private record Call(InvokeResult result, String failure, String refusal, double latencyMs) {}

    private Call call(Route route, String variant, byte[] forward) {
        long start = System.nanoTime();
        InvokeResult result = null;
        String failure;
        try {
            result = runtime.invokeEndpoint(new InvokeRequest(route.config().endpoint(), variant, JSON, JSON, forward));
            failure = result.successful() ? null : "status " + result.status() + ": " + detail(result.body());
        } catch (RuntimeException e) {
            if (e.getMessage() == null) {
                // a bare exception's class name tells a caller nothing it can act on: it goes to the log
                log.println("cairn router: calling variant " + variant + " of " + route.name() + " failed: " + e);
                failure = "no answer (the router's log has the cause)";
            } else {
                failure = e.getMessage();
            }
        }
        double latencyMs = (System.nanoTime() - start) / 1e6;
        String refusal = failure == null ? null : ModelRefusal.reason(result).orElse(null);
        return new Call(result, failure, refusal, latencyMs);
    }

    private void record(ExposureEvent event) {
        try {
            exposures.record(event);
        } catch (RuntimeException e) {
            long n = lostExposures.incrementAndGet();
            metrics.countLostExposure(event.model(), event.variant());
            log.println("cairn router: exposure event lost (" + n + " so far): " + e);
        }
    }

    private static String detail(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, MAX_ERROR_DETAIL * 4), StandardCharsets.UTF_8).strip();
        return s.length() > MAX_ERROR_DETAIL ? s.substring(0, MAX_ERROR_DETAIL) + "..." : s;
    }

    private static String unitId(String header, String field, Route route) throws Refusal {
        if (header != null && field != null && !header.equals(field)) {
            throw new Refusal(
                    400,
                    "unit id given twice with different values: header " + UNIT_HEADER
                            + " and body field \"unitId\"; send one");
        }
        String id = header != null ? header : field;
        if (id == null) {
            if (route.experiment() != null) {
                throw new Refusal(
                        400,
                        "unit id missing: model " + route.name() + " runs experiment "
                                + route.experiment().config().name() + "; send header " + UNIT_HEADER
                                + " or body field \"unitId\"");
            }
            return null;
        }
        if (id.isEmpty() || id.length() > MAX_UNIT_ID_CHARS) {
            throw new Refusal(400, "unit id must be 1.." + MAX_UNIT_ID_CHARS + " characters, was " + id.length());
        }
        int lone = WellFormedText.firstLoneSurrogate(id);
        if (lone >= 0) {
            // it would reach the exposure log as U+FFFD, merging distinct units: refused, not replaced
            throw new Refusal(
                    400,
                    "unit id is not valid Unicode: a lone surrogate (\\u" + Integer.toHexString(id.charAt(lone))
                            + ") at character " + lone + "; send the unit id as UTF-8 text");
        }
        return id;
    }

    /** A JSON error answer: {"error": message} plus "variant" when a variant failed. */
    static RouterResponse error(int status, String message, String variant) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = StrictJson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("error", WellFormedText.of(message)); // a model name from the path may hold anything
            if (variant != null) {
                g.writeStringField("variant", variant);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> headers =
                variant == null ? Map.of("Content-Type", JSON) : Map.of("Content-Type", JSON, VARIANT_HEADER, variant);
        return new RouterResponse(status, headers, out.toByteArray());
    }
}
