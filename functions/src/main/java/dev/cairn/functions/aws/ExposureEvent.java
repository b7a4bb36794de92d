package dev.cairn.functions.aws;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cairn.router.config.json.StrictJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One exposure of a unit to a variant (or one shadow call), written as one JSON line:
 *
 * <pre>{@code
 * {"experiment":"churn-ab","model":"churn","variant":"v2","unit":"u-42","bucket":1234,
 *  "time":"2026-11-26T09:00:00.123Z","latencyMs":12.5,"status":200,"configVersion":"3f9c0a1b2c3d4e5f","shadow":false}
 * }</pre>
 *
 * @param unit the unit id, null when the request had none (shadow calls of a model without experiment)
 * @param bucket the unit's bucket 0..9999, null when there is no unit or no experiment
 * @param configVersion first 16 hex of sha256 of the experiment's canonical JSON, null without experiment
 * @param response the shadow variant's answer (at most {@value #MAX_RESPONSE_CHARS} chars), null for main events
 *     <p>Text fields are kept {@link WellFormedText well-formed}: a lone surrogate becomes U+FFFD, so every line
 *     encodes as UTF-8 in a file or a log line.
 */
public record ExposureEvent(
        String experiment,
        String model,
        String variant,
        String unit,
        Integer bucket,
        Instant time,
        double latencyMs,
        int status,
        String configVersion,
        boolean shadow,
        String response) {

    /** Shadow answers are cut to this many chars: the log is for comparing, not for replaying. */
    public static final int MAX_RESPONSE_CHARS = 4096;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public ExposureEvent {
        if (response != null && response.length() > MAX_RESPONSE_CHARS) {
            response = response.substring(0, MAX_RESPONSE_CHARS);
        }
        experiment = WellFormedText.of(experiment);
        model = WellFormedText.of(model);
        variant = WellFormedText.of(variant);
        unit = WellFormedText.of(unit);
        configVersion = WellFormedText.of(configVersion);
        response = WellFormedText.of(response);
    }

    /** The UTC day of {@link #time()}: the date= partition. */
    public LocalDate date() {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }

    /** The event as one line of JSON, without the line break. */
    public String toJsonLine() {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = StrictJson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("experiment", experiment);
            g.writeStringField("model", model);
            g.writeStringField("variant", variant);
            g.writeStringField("unit", unit);
            if (bucket == null) {
                g.writeNullField("bucket");
            } else {
                g.writeNumberField("bucket", bucket);
            }
            g.writeStringField("time", TIME.format(time.truncatedTo(ChronoUnit.MILLIS)));
            g.writeNumberField("latencyMs", Math.round(latencyMs * 1000) / 1000.0);
            g.writeNumberField("status", status);
            g.writeStringField("configVersion", configVersion);
            g.writeBooleanField("shadow", shadow);
            if (response != null) {
                g.writeStringField("response", response);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
