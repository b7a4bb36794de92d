package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.formats.CsvReader;
import dev.cairn.formats.Json;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every cdk-nag suppression suppresses a finding: cdk-nag's reports (one per stack, beside the templates of
 * {@link CheckedApps}) list each suppressed finding with its rule and the suppression's reason, and the templates'
 * metadata lists every suppression declared. A suppression whose rule no longer fires where it is declared is
 * stale: its reason, true or not once, says something about the stack that nothing checks any more.
 */
class NagSuppressionsTest {
    /** cdk-nag's id for a rule that could not evaluate a resource; the report names the rule itself instead. */
    static final String VALIDATION_FAILURE = "CdkNagValidationFailure";

    @Test
    void everySuppressionSuppressesAFinding() throws IOException {
        CheckedApps.Synthesized apps = CheckedApps.get();
        Map<String, String> declared = new TreeMap<>(); // "<rule> <reason>" -> where
        for (var template : apps.templates().entrySet()) {
            JsonNode resources =
                    Json.PLAIN.readTree(template.getValue().toFile()).path("Resources");
            resources.properties().forEach(resource -> {
                for (JsonNode s :
                        resource.getValue().path("Metadata").path("cdk_nag").path("rules_to_suppress")) {
                    declared.putIfAbsent(
                            s.path("id").asText() + " " + s.path("reason").asText(),
                            template.getKey() + " " + resource.getKey());
                }
            });
        }
        Set<String> suppressed = new TreeSet<>();
        Set<String> reasons = new TreeSet<>();
        int reports = 0;
        for (Path assembly : apps.assemblies()) {
            try (Stream<Path> files = Files.list(assembly)) {
                for (Path report : files.filter(f -> f.getFileName().toString().endsWith("-NagReport.csv"))
                        .toList()) {
                    reports++;
                    try (Reader in = Files.newBufferedReader(report)) {
                        CsvReader csv = new CsvReader(in);
                        List<String> header = texts(csv.next());
                        int rule = header.indexOf("Rule ID");
                        int compliance = header.indexOf("Compliance");
                        int reason = header.indexOf("Exception Reason");
                        for (List<CsvReader.Value> row; (row = csv.next()) != null; ) {
                            List<String> values = texts(row);
                            if (values.size() == header.size()
                                    && values.get(compliance).equals("Suppressed")) {
                                suppressed.add(values.get(rule) + " " + values.get(reason));
                                reasons.add(values.get(reason));
                            }
                        }
                    }
                }
            }
        }
        assertEquals(apps.templates().size(), reports, "one cdk-nag report per stack");
        assertFalse(declared.isEmpty());
        Map<String, String> unused = new TreeMap<>(declared);
        unused.keySet()
                .removeIf(s -> suppressed.contains(s)
                        || (s.startsWith(VALIDATION_FAILURE + " ")
                                && reasons.contains(s.substring(VALIDATION_FAILURE.length() + 1))));
        assertEquals(Map.of(), unused, "suppressions that suppress nothing (rule and reason -> first declared at)");
    }

    private static List<String> texts(List<CsvReader.Value> row) {
        return row.stream().map(CsvReader.Value::text).toList();
    }
}
