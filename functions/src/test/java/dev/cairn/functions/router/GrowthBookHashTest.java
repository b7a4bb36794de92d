package dev.cairn.functions.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class GrowthBookHashTest {

    /** Every row of GrowthBook's cases.json "hash" section and of the non-ASCII rows computed by its npm SDK. */
    @TestFactory
    Stream<DynamicTest> growthBookHashVectors() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String section : List.of("hash", "hashNonAscii")) {
            for (JsonNode row : Vectors.CASES.get(section)) {
                String seed = row.get(0).asText();
                String value = row.get(1).asText();
                int version = row.get(2).asInt();
                JsonNode expected = row.get(3);
                tests.add(DynamicTest.dynamicTest(section + " " + row, () -> {
                    OptionalDouble actual = GrowthBookHash.hash(seed, value, version);
                    if (expected.isNull()) {
                        assertFalse(actual.isPresent(), "unknown hash version must give no value");
                    } else {
                        assertEquals(expected.asDouble(), actual.getAsDouble(), 0.0);
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void vectorFileHasAllPublishedRowsAndNonAsciiRows() {
        assertEquals(15, Vectors.CASES.get("hash").size());
        long nonAscii = 0;
        for (JsonNode row : Vectors.CASES.get("hashNonAscii")) {
            if (row.get(1).asText().chars().anyMatch(c -> c > 127)) {
                nonAscii++;
            }
        }
        assertEquals(6, nonAscii);
    }

    /** The bucket is the v2 value times 10,000, as an exact integer. */
    @Test
    void bucketV2MatchesHashV2() {
        for (String section : List.of("hash", "hashNonAscii")) {
            for (JsonNode row : Vectors.CASES.get(section)) {
                if (row.get(2).asInt() != 2) {
                    continue;
                }
                String seed = row.get(0).asText();
                String value = row.get(1).asText();
                int bucket = GrowthBookHash.bucketV2(seed, value);
                assertEquals(Math.round(row.get(3).asDouble() * 10_000), bucket, row.toString());
                assertEquals(GrowthBookHash.hashV2(seed, value), bucket / 10_000.0, 0.0);
            }
        }
    }

    /** Hashing UTF-8 bytes would give other values: the implementation hashes UTF-16 units. */
    @Test
    void doesNotHashUtf8Bytes() {
        for (JsonNode row : Vectors.CASES.get("utf8BytesContrast")) {
            double utf16 = GrowthBookHash.hashV2(row.get(0).asText(), row.get(1).asText());
            assertNotEquals(row.get(2).asDouble(), utf16, row.toString());
        }
        // the emoji case is a surrogate pair: two UTF-16 units, one code point
        String emoji = Vectors.CASES.get("hashNonAscii").get(2).get(1).asText();
        assertEquals(0xD83D, emoji.charAt(0));
        assertEquals(0xDE00, emoji.charAt(1));
    }

    /** FNV-1a 32 reference values (Landon Curt Noll's FNV test suite / draft-eastlake-fnv). */
    @Test
    void fnv1a32ReferenceValues() {
        assertEquals(0x811C9DC5L, GrowthBookHash.fnv1a32(""));
        assertEquals(0xE40C292CL, GrowthBookHash.fnv1a32("a"));
        assertEquals(0xBF9CF968L, GrowthBookHash.fnv1a32("foobar"));
    }

    /** Every row of GrowthBook's cases.json "getBucketRange" section, including its lenient fallbacks. */
    @TestFactory
    Stream<DynamicTest> growthBookBucketRangeVectors() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode row : Vectors.CASES.get("getBucketRange")) {
            JsonNode args = row.get(1);
            JsonNode expected = row.get(2);
            tests.add(DynamicTest.dynamicTest(row.get(0).asText(), () -> {
                double[][] actual = GrowthBookHash.bucketRanges(
                        args.get(0).asInt(), args.get(1).asDouble(), Vectors.weights(args.get(2)));
                assertEquals(expected.size(), actual.length);
                for (int i = 0; i < actual.length; i++) {
                    assertEquals(expected.get(i).get(0).asDouble(), actual[i][0], 1e-12, "start of " + i);
                    assertEquals(expected.get(i).get(1).asDouble(), actual[i][1], 1e-12, "end of " + i);
                }
            }));
        }
        assertTrue(tests.size() >= 13);
        return tests.stream();
    }
}
