package dev.cairn.functions.router;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cairn.router.config.json.StrictJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per model and variant counts and latencies, printed as CloudWatch Embedded Metric Format lines (namespace
 * {@value #NAMESPACE}, dimensions Model and Variant, metrics Requests, Errors, LatencyMs): Lambda ships stdout to
 * CloudWatch Logs, which extracts the metrics, so no SDK and no API call are needed. One line per variant per
 * {@link #flush()}; a variant with {@value #MAX_VALUES} latencies is printed early (EMF's limit per metric).
 *
 * <p>Counts of what did not happen, when there are any, get a line of their own per model and variant at
 * {@link #flush()}: {@value #SHADOW_TIMEOUTS} (shadow calls that did not answer within their limit, so their answer
 * is not logged) and {@value #EXPOSURES_LOST} (exposure events that could not be written).
 */
public final class RouterMetrics {

    public static final String NAMESPACE = "Cairn/Router";
    /** EMF accepts at most 100 values per metric in one line. */
    public static final int MAX_VALUES = 100;

    public static final String SHADOW_TIMEOUTS = "ShadowTimeouts";
    public static final String EXPOSURES_LOST = "ExposuresLost";

    private final PrintStream out;
    private final Clock clock;
    private final Map<List<String>, Counts> counts = new LinkedHashMap<>();
    /** (metric, model, variant) to count since the last flush. */
    private final Map<List<String>, Long> missed = new LinkedHashMap<>();

    public RouterMetrics(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public RouterMetrics(PrintStream out) {
        this(out, Clock.systemUTC());
    }

    private static final class Counts {
        int requests;
        int errors;
        final List<Double> latencies = new ArrayList<>();
    }

    /** Counts one call of a variant. */
    public synchronized void record(String model, String variant, boolean error, double latencyMs) {
        List<String> key = List.of(model, variant);
        Counts c = counts.computeIfAbsent(key, k -> new Counts());
        c.requests++;
        if (error) {
            c.errors++;
        }
        c.latencies.add(latencyMs);
        if (c.latencies.size() >= MAX_VALUES) {
            print(key, c);
            counts.remove(key);
        }
    }

    /** Counts a shadow call of a variant that did not answer within its limit. */
    public void countShadowTimeout(String model, String variant) {
        count(SHADOW_TIMEOUTS, model, variant);
    }

    /** Counts an exposure event of a variant that could not be written. */
    public void countLostExposure(String model, String variant) {
        count(EXPOSURES_LOST, model, variant);
    }

    private synchronized void count(String metric, String model, String variant) {
        missed.merge(List.of(metric, String.valueOf(model), String.valueOf(variant)), 1L, Long::sum);
    }

    /** Prints one EMF line per variant counted since the last flush, and one per count of what did not happen. */
    public synchronized void flush() {
        for (var e : counts.entrySet()) {
            print(e.getKey(), e.getValue());
        }
        counts.clear();
        for (var e : missed.entrySet()) {
            printCount(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), e.getValue());
        }
        missed.clear();
        out.flush();
    }

    private void printCount(String metric, String model, String variant, long n) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = StrictJson.FACTORY.createGenerator(w)) {
            startLine(g, metric, "Count");
            g.writeStringField("Model", model);
            g.writeStringField("Variant", variant);
            g.writeNumberField(metric, n);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        out.println(w);
    }

    private void print(List<String> key, Counts c) {
        StringWriter w = new StringWriter(320);
        try (JsonGenerator g = StrictJson.FACTORY.createGenerator(w)) {
            startLine(g, "Requests", "Count", "Errors", "Count", "LatencyMs", "Milliseconds");
            g.writeStringField("Model", key.get(0));
            g.writeStringField("Variant", key.get(1));
            g.writeNumberField("Requests", c.requests);
            g.writeNumberField("Errors", c.errors);
            g.writeArrayFieldStart("LatencyMs");
            for (double d : c.latencies) {
                g.writeNumber(Math.round(d * 1000) / 1000.0);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        out.println(w);
    }

    /** Opens an EMF line with its {@code _aws} block declaring the metrics (name, unit, ...) by Model and Variant. */
    private void startLine(JsonGenerator g, String... namesAndUnits) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("_aws");
        g.writeNumberField("Timestamp", clock.millis());
        g.writeArrayFieldStart("CloudWatchMetrics");
        g.writeStartObject();
        g.writeStringField("Namespace", NAMESPACE);
        g.writeArrayFieldStart("Dimensions");
        g.writeStartArray();
        g.writeString("Model");
        g.writeString("Variant");
        g.writeEndArray();
        g.writeEndArray();
        g.writeArrayFieldStart("Metrics");
        for (int i = 0; i < namesAndUnits.length; i += 2) {
            metric(g, namesAndUnits[i], namesAndUnits[i + 1]);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void metric(JsonGenerator g, String name, String unit) throws IOException {
        g.writeStartObject();
        g.writeStringField("Name", name);
        g.writeStringField("Unit", unit);
        g.writeEndObject();
    }
}
