package dev.cairn.experiments;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an experiment's exposure log says: the variant each unit was exposed to, and what stands in the way of
 * trusting it.
 *
 * @param variantOfUnit each unit exposed to exactly one variant, and that variant (in order of first exposure read)
 * @param mixedUnits units exposed to more than one variant (left out of {@code variantOfUnit}), with their variants, sorted
 * @param configVersions the experiment config versions the events carry, in order of first exposure
 * @param events exposure events of the experiment that were counted (shadow events not included)
 * @param shadowEvents events of shadow calls, ignored: a shadow variant's answer never reaches the unit
 * @param otherExperimentEvents events of other experiments, ignored
 * @param malformed lines that are not exposure events
 */
public record Exposures(
        Map<String, String> variantOfUnit,
        Map<String, List<String>> mixedUnits,
        List<ConfigVersion> configVersions,
        long events,
        long shadowEvents,
        long otherExperimentEvents,
        MalformedLines malformed) {

    /** One version of the experiment's config and its first exposure ({@code null} when no event of it has a time). */
    public record ConfigVersion(String version, Instant firstSeen) {}

    public Exposures {
        variantOfUnit = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variantOfUnit));
        mixedUnits = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(mixedUnits));
        configVersions = List.copyOf(configVersions);
    }
}
