package dev.cairn.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.formats.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads exposure events (one JSON object per line, the router's exposure log) of one experiment. Shadow events and
 * events of other experiments are counted and skipped; a unit exposed to two variants (after a weight change, or
 * a broken assignment) is set aside as mixed; lines that are not exposure events are counted with their place.
 *
 * <pre>{@code
 * Exposures exposures = ExposureReader.read(InputFiles.of("exposures", "experiment=churn-ab", env), "churn-ab");
 * }</pre>
 */
public final class ExposureReader {

    private final String experiment;
    private final MalformedLines.Counter malformed = new MalformedLines.Counter();
    private final Map<String, String> variantOfUnit = new LinkedHashMap<>();
    private final Map<String, TreeSet<String>> mixed = new HashMap<>();
    private final Map<String, Instant> configFirstSeen = new LinkedHashMap<>();
    private long events;
    private long shadow;
    private long other;

    private ExposureReader(String experiment) {
        this.experiment = experiment;
    }

    /** The exposures of {@code experiment} in {@code files}. @throws IOException naming the file when one cannot be read */
    public static Exposures read(List<InputFiles.InputFile> files, String experiment) throws IOException {
        ExposureReader reader = new ExposureReader(experiment);
        for (InputFiles.InputFile file : files) {
            reader.readFile(file);
        }
        return reader.result();
    }

    private void readFile(InputFiles.InputFile file) throws IOException {
        long number = 0;
        try (BufferedReader lines = file.reader()) {
            for (String line; (line = lines.readLine()) != null; ) {
                number++;
                if (!line.isBlank()) {
                    String problem = event(line);
                    if (problem != null) {
                        malformed.add(file.name(), number, problem);
                    }
                }
            }
        } catch (LineLimitedReader.LineTooLongException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot read " + file.name() + " after line " + number + ": " + e.getMessage(), e);
        }
    }

    /** Takes one line in; returns what is wrong with it, or null. */
    private String event(String line) {
        JsonNode event;
        try {
            event = Json.PLAIN.readTree(line);
        } catch (JsonProcessingException e) {
            return "not JSON (" + MalformedLines.jsonProblem(e) + ")";
        }
        if (event == null || !event.isObject()) {
            return "not a JSON object";
        }
        String name = text(event, "experiment");
        if (name == null) {
            return "no \"experiment\"";
        }
        if (!name.equals(experiment)) {
            other++;
            return null;
        }
        if (event.path("shadow").asBoolean(false)) {
            shadow++;
            return null;
        }
        String variant = text(event, "variant");
        String unit = text(event, "unit");
        if (variant == null || unit == null) {
            return "no \"" + (variant == null ? "variant" : "unit") + "\"";
        }
        Instant time = null;
        if (event.hasNonNull("time")) {
            try {
                time = Instant.parse(event.get("time").asText());
            } catch (DateTimeParseException e) {
                return "\"time\" is not an ISO instant: " + event.get("time").asText();
            }
        }
        events++;
        String version = text(event, "configVersion");
        if (version != null) {
            Instant at = time;
            configFirstSeen.merge(version, at == null ? Instant.MAX : at, (a, b) -> a.isBefore(b) ? a : b);
        }
        assign(unit, variant);
        return null;
    }

    private void assign(String unit, String variant) {
        TreeSet<String> seen = mixed.get(unit);
        if (seen != null) {
            seen.add(variant);
            return;
        }
        String first = variantOfUnit.putIfAbsent(unit, variant);
        if (first != null && !first.equals(variant)) {
            variantOfUnit.remove(unit);
            mixed.put(unit, new TreeSet<>(List.of(first, variant)));
        }
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null
                        || !value.isValueNode()
                        || value.isNull()
                        || value.asText().isEmpty()
                ? null
                : value.asText();
    }

    private Exposures result() {
        List<Exposures.ConfigVersion> versions = new ArrayList<>();
        configFirstSeen.forEach(
                (v, at) -> versions.add(new Exposures.ConfigVersion(v, at.equals(Instant.MAX) ? null : at)));
        versions.sort(java.util.Comparator.comparing(
                Exposures.ConfigVersion::firstSeen,
                java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
        Map<String, List<String>> mixedUnits = new HashMap<>();
        mixed.forEach((unit, variants) -> mixedUnits.put(unit, List.copyOf(variants)));
        return new Exposures(variantOfUnit, mixedUnits, versions, events, shadow, other, malformed.result());
    }
}
