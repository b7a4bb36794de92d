package dev.cairn.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.router.config.ExperimentConfig.Variant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentConfigTest {

    @Test
    void validationMessagesNameTheField() {
        List<Variant> ok = List.of(new Variant("a", 0.5), new Variant("b", 0.5));
        assertMessage("salt must not be empty", () -> new ExperimentConfig("e", "", 1, ok));
        assertMessage("name must not be blank", () -> new ExperimentConfig(" ", "s", 1, ok));
        assertMessage("coverage must be between 0 and 1, was 1.5", () -> new ExperimentConfig("e", "s", 1.5, ok));
        assertMessage("coverage must be between 0 and 1, was -0.1", () -> new ExperimentConfig("e", "s", -0.1, ok));
        assertMessage(
                "coverage must be between 0 and 1, was NaN", () -> new ExperimentConfig("e", "s", Double.NaN, ok));
        assertMessage("variants must have at least 1 variant", () -> new ExperimentConfig("e", "s", 1, List.of()));
        assertMessage("variants must have at least 1 variant", () -> new ExperimentConfig("e", "s", 1, null));
        assertMessage(
                "variants[1].name 'a' is not unique",
                () -> new ExperimentConfig("e", "s", 1, List.of(new Variant("a", 0.5), new Variant("a", 0.5))));
        assertMessage(
                "variants[0].name must not be blank",
                () -> new ExperimentConfig("e", "s", 1, List.of(new Variant("", 0.5), new Variant("b", 0.5))));
        assertMessage(
                "variants[*].weight must sum to 1 (within 1.0E-6), sum was 0.9",
                () -> new ExperimentConfig("e", "s", 1, List.of(new Variant("a", 0.5), new Variant("b", 0.4))));
        assertMessage(
                "variants[0].weight must be between 0 and 1, was -0.5",
                () -> new ExperimentConfig("e", "s", 1, List.of(new Variant("a", -0.5), new Variant("b", 1.5))));
        // within tolerance is accepted
        new ExperimentConfig("e", "s", 1, List.of(new Variant("a", 0.5), new Variant("b", 0.5000005)));
        // every problem is reported at once
        IllegalArgumentException all = assertThrows(
                IllegalArgumentException.class,
                () -> new ExperimentConfig("e", "", 2, List.of(new Variant("a", 0.5), new Variant("a", 0.2))));
        assertTrue(all.getMessage().startsWith("invalid experiment 'e': "), all.getMessage());
        assertTrue(all.getMessage().contains("salt"), all.getMessage());
        assertTrue(all.getMessage().contains("coverage"), all.getMessage());
        assertTrue(all.getMessage().contains("variants[1].name"), all.getMessage());
        assertTrue(all.getMessage().contains("weight must sum to 1"), all.getMessage());
    }

    @Test
    void withWeightsKeepsTheVariantOrderAndRevalidates() {
        ExperimentConfig e = new ExperimentConfig("e", "s", 1, List.of(new Variant("a", 0.5), new Variant("b", 0.5)));
        assertEquals(
                List.of(new Variant("a", 0.6), new Variant("b", 0.4)),
                e.withWeights(0.6, 0.4).variants());
        assertMessage("1 weights given for 2 variants", () -> e.withWeights(0.6));
        assertMessage("weight must sum to 1", () -> e.withWeights(0.6, 0.6));
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(fragment), "expected '" + fragment + "' in: " + ex.getMessage());
    }
}
