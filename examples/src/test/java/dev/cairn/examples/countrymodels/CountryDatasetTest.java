package dev.cairn.examples.countrymodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountryDatasetTest {

    @Test
    void sameInputsGiveEqualData() {
        CountryDataset a = CountryDataset.generate("DE", 600, 7);
        CountryDataset b = CountryDataset.generate("DE", 600, 7);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertTrue(Arrays.deepEquals(a.trainFeatures(), b.trainFeatures()));
        assertTrue(Arrays.equals(a.validationLabels(), b.validationLabels()));
    }

    @Test
    void differentCountryOrSeedGivesDifferentData() {
        CountryDataset de = CountryDataset.generate("DE", 600, 7);
        CountryDataset fr = CountryDataset.generate("FR", 600, 7);
        CountryDataset de8 = CountryDataset.generate("DE", 600, 8);
        assertNotEquals(de, fr);
        assertNotEquals(de, de8);
        assertFalse(Arrays.deepEquals(de.trainFeatures(), fr.trainFeatures()));
        assertFalse(Arrays.equals(de.trainLabels(), fr.trainLabels()));
        assertFalse(Arrays.deepEquals(de.trainFeatures(), de8.trainFeatures()));
    }

    @Test
    void countriesDifferInChurnRate() {
        var rates = new HashSet<Integer>();
        for (String c : CountryDataset.countryCodes(20)) {
            CountryDataset d = CountryDataset.generate(c, 600, 7);
            int churn = (int) Arrays.stream(d.trainLabels())
                    .filter(l -> l == CountryDataset.CHURN_ID)
                    .count();
            rates.add(churn / 20); // churn count in buckets of 20 rows
        }
        assertTrue(rates.size() >= 4, "churn rates should vary between countries: " + rates);
    }

    @Test
    void splitIsSeventyFiveTwentyFiveWithBothClassesAndPlausibleValues() {
        CountryDataset d = CountryDataset.generate("JP", 600, 1);
        assertEquals(450, d.trainSize());
        assertEquals(150, d.validationSize());
        assertEquals(CountryDataset.FEATURE_NAMES, d.featureNames());
        assertEquals(5, d.featureCount());
        for (int[] labels : List.of(d.trainLabels(), d.validationLabels())) {
            assertTrue(Arrays.stream(labels).anyMatch(l -> l == CountryDataset.CHURN_ID));
            assertTrue(Arrays.stream(labels).anyMatch(l -> l == CountryDataset.STAY_ID));
        }
        for (double[][] rows : List.of(d.trainFeatures(), d.validationFeatures())) {
            for (double[] r : rows) {
                assertEquals(5, r.length);
                assertTrue(r[0] >= 1 && r[0] <= 72, "tenure " + r[0]);
                assertTrue(r[1] >= 5, "spend " + r[1]);
                assertTrue(r[2] >= 0 && r[2] == Math.rint(r[2]), "calls " + r[2]);
                assertTrue(r[3] >= 0 && r[3] <= 0.3, "discount " + r[3]);
                assertTrue(r[4] >= 18 && r[4] <= 85, "age " + r[4]);
            }
        }
        double majority = d.validationMajorityRate();
        assertTrue(majority >= 0.5 && majority < 1, "majority rate " + majority);
    }

    @Test
    void smallAndInvalidSizes() {
        CountryDataset d = CountryDataset.generate("X0001", CountryDataset.MIN_ROWS, 3);
        assertEquals(CountryDataset.MIN_ROWS, d.trainSize() + d.validationSize());
        assertTrue(d.validationSize() > 0);
        assertThrows(
                IllegalArgumentException.class, () -> CountryDataset.generate("DE", CountryDataset.MIN_ROWS - 1, 3));
        assertThrows(IllegalArgumentException.class, () -> CountryDataset.generate("", 600, 3));
        assertThrows(NullPointerException.class, () -> CountryDataset.generate(null, 600, 3));
    }

    @Test
    void jsonRoundTrip() throws Exception {
        CountryDataset d = CountryDataset.generate("SE", 600, 11);
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(d);
        CountryDataset back = mapper.readValue(json, CountryDataset.class);
        assertEquals(d, back);
    }

    @Test
    void countryCodesAreDeterministicDistinctIsoFirst() {
        List<String> all = CountryDataset.countryCodes(300);
        assertEquals(300, all.size());
        assertEquals(300, new HashSet<>(all).size());
        assertEquals(all, CountryDataset.countryCodes(300));
        assertEquals(all.subList(0, 10), CountryDataset.countryCodes(10));
        assertEquals("US", all.get(0));
        for (String iso : all.subList(0, 249)) {
            assertTrue(iso.matches("[A-Z]{2}"), iso);
        }
        assertEquals("X0001", all.get(249));
        assertEquals("X0051", all.get(299));
        assertEquals(List.of(), CountryDataset.countryCodes(0));
        assertThrows(IllegalArgumentException.class, () -> CountryDataset.countryCodes(-1));
    }
}
