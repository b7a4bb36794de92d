package dev.cairn.flow.internal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterSpecTest {

    enum Mode {
        FAST,
        THOROUGH
    }

    private static ParameterSpec spec(String name, Class<?> type) {
        return new ParameterSpec(name, name, type, null, "", false);
    }

    private static void assertRejected(ParameterSpec spec, String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec.parse(text));
        String message = e.getMessage();
        assertTrue(message.contains("--" + spec.name()), message);
        assertTrue(message.contains(expected), message);
        assertTrue(message.contains("'" + text + "'"), message);
    }

    // ---------------------------------------------------------------- parsing

    @Test
    void parsesInt() {
        assertEquals(200, spec("countries", int.class).parse("200"));
        assertEquals(-3, spec("countries", Integer.class).parse(" -3 "));
    }

    @Test
    void parsesLong() {
        assertEquals(12345678901L, spec("seed", long.class).parse("12345678901"));
        assertEquals(7L, spec("seed", Long.class).parse("7"));
    }

    @Test
    void parsesDouble() {
        assertEquals(0.25, spec("rate", double.class).parse("0.25"));
        assertEquals(1e-3, spec("rate", Double.class).parse("1e-3"));
    }

    @Test
    void parsesBooleanWords() {
        ParameterSpec spec = spec("dry-run", boolean.class);
        for (String yes : List.of("true", "TRUE", "yes", "1")) {
            assertEquals(true, spec.parse(yes), yes);
        }
        for (String no : List.of("false", "No", "0")) {
            assertEquals(false, spec.parse(no), no);
        }
        assertEquals(true, spec("dry-run", Boolean.class).parse("yes"));
    }

    @Test
    void parsesEnumIgnoringCase() {
        assertEquals(Mode.THOROUGH, spec("mode", Mode.class).parse("thorough"));
        assertEquals(Mode.FAST, spec("mode", Mode.class).parse("FAST"));
    }

    @Test
    void keepsStringAsGiven() {
        assertEquals(" s3://bucket/data ", spec("dataset", String.class).parse(" s3://bucket/data "));
    }

    // ---------------------------------------------------------------- wrong values

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5", "", "99999999999"})
    void rejectsWhatIsNotAnInt(String text) {
        assertRejected(spec("countries", int.class), text, "expects an int");
    }

    @Test
    void rejectsWhatIsNotALong() {
        assertRejected(spec("seed", long.class), "12L", "expects a long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "NaN", "1,5"})
    void rejectsWhatIsNotADouble(String text) {
        assertRejected(spec("rate", double.class), text, "expects a double");
    }

    @Test
    void rejectsWhatIsNotABoolean() {
        assertRejected(spec("dry-run", boolean.class), "maybe", "expects a boolean");
    }

    @Test
    void rejectsWhatIsNotABoxedBoolean() {
        assertRejected(spec("dry-run", Boolean.class), "2", "expects a Boolean");
    }

    @Test
    void rejectsAnUnknownEnumConstantListingTheConstants() {
        assertRejected(spec("mode", Mode.class), "quick", "expects one of [FAST, THOROUGH]");
    }

    @Test
    void rejectsWhatIsNotABoxedInteger() {
        assertRejected(spec("limit", Integer.class), "ten", "expects an Integer");
    }

    @Test
    void refusesToParseAnUnsupportedType() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> spec("config", Object.class).parse("x"));
        assertTrue(e.getMessage().contains("--config") && e.getMessage().contains("unsupported type"), e.getMessage());
    }

    // ---------------------------------------------------------------- types

    @Test
    void typeNameIsShortForHelp() {
        assertEquals("int", spec("a", int.class).typeName());
        assertEquals("Long", spec("a", Long.class).typeName());
        assertEquals("String", spec("a", String.class).typeName());
        assertEquals("[FAST, THOROUGH]", spec("a", Mode.class).typeName());
    }

    @Test
    void supportsStringPrimitivesTheirBoxesAndEnums() {
        for (Class<?> type : List.of(
                String.class,
                int.class,
                Integer.class,
                long.class,
                Long.class,
                double.class,
                Double.class,
                boolean.class,
                Boolean.class,
                Mode.class)) {
            assertTrue(ParameterSpec.supported(type), type.getName());
        }
    }

    @Test
    void doesNotSupportOtherTypes() {
        for (Class<?> type : List.of(Object.class, List.class, float.class, short.class, char.class, String[].class)) {
            assertFalse(ParameterSpec.supported(type), type.getName());
        }
    }
}
