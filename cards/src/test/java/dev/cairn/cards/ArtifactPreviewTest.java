package dev.cairn.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ArtifactPreviewTest {
    record Score(String country, String model, double score) {}

    private static Map<String, Object> row(String country, String model, double score) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("country", country);
        row.put("model", model);
        row.put("score", score);
        return row;
    }

    @Test
    void scalarsShowAsThemselves() {
        assertEquals("42", ArtifactPreview.inline(42));
        assertEquals("0.8524", ArtifactPreview.inline(0.8523809523809524));
        assertEquals("true", ArtifactPreview.inline(true));
        assertEquals("null", ArtifactPreview.inline(null));
    }

    @Test
    void stringsAreQuotedAndCutNearEightyCharacters() {
        assertEquals("\"DE\"", ArtifactPreview.inline("DE"));
        String preview = ArtifactPreview.inline("x".repeat(200));
        assertEquals(80, preview.length(), preview);
        assertTrue(preview.startsWith("\"xxx") && preview.endsWith("…\""), preview);
    }

    @Test
    void shortListShowsEveryItemAndItsSize() {
        assertEquals("[1, 2, 3] (3 items)", ArtifactPreview.inline(List.of(1, 2, 3)));
    }

    @Test
    void longListShowsItsFirstItemsThenItsSize() {
        String preview = ArtifactPreview.inline(IntStream.range(0, 1000).boxed().toList());

        assertTrue(preview.startsWith("[0, 1, 2, 3, "), preview);
        assertTrue(preview.endsWith(", ...] (1000 items)"), preview);
        assertTrue(preview.length() <= 100, preview);
    }

    @Test
    void mapShowsItsEntriesAndSize() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("lr", 0.1);
        map.put("name", "forest");
        assertEquals("{lr: 0.1, name: \"forest\"} (2 entries)", ArtifactPreview.inline(map));
    }

    @Test
    void bytesShowOnlyTheirTypeAndSize() {
        assertEquals("byte[] 16 B", ArtifactPreview.inline(new byte[16]));
        assertEquals("byte[] 12.3 KB", ArtifactPreview.inline(new byte[12_300]));
        assertEquals("byte[] 4.5 MB", ArtifactPreview.inline(new byte[4_500_000]));
    }

    @Test
    void longBase64StringShowsAsTheBytesItEncodes() {
        byte[] model = new byte[300];
        new java.util.Random(7).nextBytes(model);
        assertEquals("byte[] 300 B", ArtifactPreview.inline(Base64.getEncoder().encodeToString(model)));
    }

    @Test
    void listOfMapsWithTheSameKeysIsATableWithAColumnPerKey() {
        Optional<List<String>> table =
                ArtifactPreview.table(List.of(row("DE", "linear", 0.5), row("FR", "forest", 0.625)));

        assertEquals(
                List.of("country  model   score", "DE       linear    0.5", "FR       forest  0.625"),
                table.orElseThrow());
    }

    @Test
    void listOfRecordsIsATableAndItsSummaryCountsRows() {
        ArtifactPreview.Preview preview =
                ArtifactPreview.of(List.of(new Score("DE", "linear", 0.85238095), new Score("IT", "forest", 0.9)));

        assertEquals("2 rows", preview.summary());
        assertEquals(
                List.of("country  model    score", "DE       linear  0.8524", "IT       forest     0.9"),
                preview.table());
    }

    @Test
    void tableShowsTwentyRowsThenHowManyMore() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            rows.add(row("C" + i, "m", i));
        }

        List<String> table = ArtifactPreview.table(rows).orElseThrow();

        assertEquals(1 + 20 + 1, table.size());
        assertTrue(table.get(20).startsWith("C19 "), table.get(20));
        assertEquals("... 5 more rows", table.get(21));
    }

    @Test
    void mapOfRecordsIsATableKeyedByTheMapsKeys() {
        Map<String, Score> best =
                new TreeMap<>(Map.of("DE", new Score("DE", "linear", 0.5), "FR", new Score("FR", "forest", 0.75)));

        assertEquals(
                List.of("key  country  model   score", "DE   DE       linear    0.5", "FR   FR       forest   0.75"),
                ArtifactPreview.table(best).orElseThrow());
    }

    @Test
    void listOfMapsWithDifferentKeysIsNotATable() {
        List<Map<String, Object>> rows = List.of(Map.of("a", 1), Map.of("b", 2));

        assertTrue(ArtifactPreview.table(rows).isEmpty());
        assertEquals("[{a: 1}, {b: 2}] (2 items)", ArtifactPreview.of(rows).summary());
    }

    @Test
    void mapOfNumbersTooLongForOneLineIsATwoColumnTable() {
        Map<String, Double> scores = new TreeMap<>();
        for (int i = 0; i < 12; i++) {
            scores.put("country-" + i, i / 3.0);
        }

        List<String> table = ArtifactPreview.table(scores).orElseThrow();

        assertEquals("key" + " ".repeat(10) + "value", table.get(0));
        assertEquals("country-1   0.3333", table.get(2));
        assertTrue(ArtifactPreview.table(Map.of("a", 1)).isEmpty());
    }

    record Hyper(double learningRate, int epochs) {}

    record Trained(String country, Hyper hyperParameters, double accuracy) {}

    @Test
    void nestedRecordsWithTheSameKeysSpreadIntoAColumnEach() {
        List<Trained> models =
                List.of(new Trained("DE", new Hyper(0.2, 8), 0.91), new Trained("FR", new Hyper(0.05, 2), 0.875));

        assertEquals(
                List.of(
                        "country  learningRate  epochs  accuracy",
                        "DE                0.2       8      0.91",
                        "FR               0.05       2     0.875"),
                ArtifactPreview.table(models).orElseThrow());
    }

    @Test
    void nestedMapsWithDifferentKeysStayInOneColumnInline() {
        Map<String, Object> de = new LinkedHashMap<>();
        de.put("country", "DE");
        de.put("extra", Map.of("a", 1));
        Map<String, Object> fr = new LinkedHashMap<>();
        fr.put("country", "FR");
        fr.put("extra", Map.of("b", 2));

        assertEquals(
                List.of("country  extra", "DE       {a: 1}", "FR       {b: 2}"),
                ArtifactPreview.table(List.of(de, fr)).orElseThrow());
    }

    @Test
    void nestedCollectionTooLongForTheLineShowsOnlyItsSize() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("country", "DE");
        model.put("weights", IntStream.range(0, 500).boxed().toList());
        model.put("accuracy", 0.91);

        assertEquals(
                "{country: \"DE\", weights: [500 items], accuracy: 0.91} (3 entries)", ArtifactPreview.inline(model));
        model.put("weights", List.of(1, 2, 3));
        assertEquals(
                "{country: \"DE\", weights: [1, 2, 3], accuracy: 0.91} (3 entries)", ArtifactPreview.inline(model));
    }

    @Test
    void fractionsShowFourSignificantDigitsAndTheirWholeIntegerPart() {
        assertEquals("0.8524", ArtifactPreview.number(0.85238095));
        assertEquals("0.9536", ArtifactPreview.number(0.9536389536389537));
        assertEquals("0.0001235", ArtifactPreview.number(0.000123456));
        assertEquals("12.35", ArtifactPreview.number(12.3456));
        assertEquals("1235", ArtifactPreview.number(1234.56789));
        assertEquals("123457", ArtifactPreview.number(123456.7));
        assertEquals("1.235E-7", ArtifactPreview.number(1.23456e-7));
        assertEquals("3", ArtifactPreview.number(3.0));
        assertEquals("NaN", ArtifactPreview.number(Double.NaN));
    }
}
