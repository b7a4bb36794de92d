package dev.cairn.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ArtifactJsonTest {
    sealed interface Shape permits Circle, Square, Polygon {}

    record Circle(double radius) implements Shape {}

    record Square(double side, String type) implements Shape {}

    sealed interface Polygon extends Shape permits Triangle {}

    record Triangle(double a, double b, double c) implements Polygon {}

    record Drawing(String title, List<Shape> shapes, Optional<Shape> highlight) {}

    record Stamped(Instant when, Optional<String> note, OptionalInt count) {}

    private static <T> T roundTrip(T value, TypeReference<T> type) throws Exception {
        JavaType javaType = Json.ARTIFACTS.getTypeFactory().constructType(type);
        byte[] json = Json.ARTIFACTS.writerFor(javaType).writeValueAsBytes(value);
        return Json.ARTIFACTS.readValue(json, javaType);
    }

    @Test
    void aSealedInterfaceOfRecordsIsReadBackAsTheRecordItWas() throws Exception {
        Drawing drawing = new Drawing(
                "d",
                List.of(new Circle(1.5), new Square(2, "kite"), new Triangle(3, 4, 5)),
                Optional.of(new Square(1, null)));
        assertEquals(drawing, roundTrip(drawing, new TypeReference<Drawing>() {}));
        Shape shape = new Circle(2);
        assertEquals(shape, roundTrip(shape, new TypeReference<Shape>() {}));
    }

    @Test
    void aSealedValueIsStoredUnderItsSimpleNameNeverAClassName() throws Exception {
        String json = Json.ARTIFACTS.writerFor(Shape.class).writeValueAsString(new Triangle(3, 4, 5));
        assertEquals("{\"@type\":\"Triangle\",\"a\":3.0,\"b\":4.0,\"c\":5.0}", json);
    }

    @Test
    void aNameOutsideThePermittedRecordsIsRefused() {
        for (String name :
                List.of("Drawing", "java.lang.ProcessBuilder", ArtifactJsonTest.class.getName() + "$Circle")) {
            assertThrows(
                    InvalidTypeIdException.class,
                    () -> Json.ARTIFACTS.readValue("{\"@type\":\"" + name + "\",\"radius\":1}", Shape.class),
                    name);
        }
    }

    @Test
    void aRecordDeclaredAsItselfCarriesNoTypeName() throws Exception {
        assertFalse(Json.ARTIFACTS.writeValueAsString(new Circle(1)).contains("@type"));
        assertEquals(new Circle(1), Json.ARTIFACTS.readValue("{\"radius\":1}", Circle.class));
    }

    static Stream<Object> timeValues() {
        ZonedDateTime paris = ZonedDateTime.of(2026, 3, 29, 1, 30, 0, 123_456_789, ZoneId.of("Europe/Paris"));
        return Stream.of(
                Instant.parse("2026-12-04T10:15:30.123456789Z"),
                LocalDate.of(2026, 2, 28),
                LocalTime.of(23, 59, 59, 1),
                LocalDateTime.of(2026, 1, 1, 0, 0),
                paris.toOffsetDateTime(),
                OffsetTime.of(10, 0, 0, 0, ZoneOffset.ofHours(-3)),
                paris,
                Duration.ofMillis(90_061_001),
                Period.of(1, 2, 3),
                Year.of(2026),
                YearMonth.of(2026, 12),
                MonthDay.of(2, 29),
                ZoneId.of("America/Sao_Paulo"),
                ZoneOffset.ofHoursMinutes(5, 30));
    }

    @ParameterizedTest
    @MethodSource("timeValues")
    void javaTimeValuesComeBackEqualWithTheirZones(Object value) throws Exception {
        byte[] json = Json.ARTIFACTS.writerFor(value.getClass()).writeValueAsBytes(value);
        Class<?> declared = value instanceof ZoneId && !(value instanceof ZoneOffset) ? ZoneId.class : value.getClass();
        assertEquals(value, Json.ARTIFACTS.readValue(json, declared), new String(json));
        assertTrue(new String(json).startsWith("\""), "ISO-8601 text, not a number: " + new String(json));
    }

    @Test
    void optionalsAndRecordsHoldingThemComeBackEqual() throws Exception {
        Stamped full = new Stamped(Instant.parse("2026-12-04T10:15:30Z"), Optional.of("n"), OptionalInt.of(3));
        Stamped empty = new Stamped(Instant.EPOCH, Optional.empty(), OptionalInt.empty());
        assertEquals(full, roundTrip(full, new TypeReference<Stamped>() {}));
        assertEquals(empty, roundTrip(empty, new TypeReference<Stamped>() {}));
        assertEquals(Optional.empty(), roundTrip(Optional.<String>empty(), new TypeReference<Optional<String>>() {}));
        assertEquals(Optional.of(7L), roundTrip(Optional.of(7L), new TypeReference<Optional<Long>>() {}));
    }
}
