package dev.cairn.experiments;

import java.util.Map;

/**
 * Each unit's outcome, as read from an outcomes file.
 *
 * @param valueOfUnit the value of each unit (the first row of a unit that has several)
 * @param duplicateRows rows of units that already had a value, ignored
 * @param malformed lines that are not {@code unit,value} rows
 */
public record Outcomes(Map<String, Double> valueOfUnit, long duplicateRows, MalformedLines malformed) {
    public Outcomes {
        valueOfUnit = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(valueOfUnit));
    }
}
