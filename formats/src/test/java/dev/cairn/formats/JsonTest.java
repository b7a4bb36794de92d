package dev.cairn.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Stamp(String name, Instant at) {}

    @Test
    void textAfterTheValueIsRefusedByEveryKind() {
        for (ObjectMapper mapper : new ObjectMapper[] {Json.RECORDS, Json.PLAIN, Json.UNTRUSTED}) {
            assertThrows(JsonProcessingException.class, () -> mapper.readTree("{\"a\": 1} {\"a\": 2}"));
        }
    }

    @Test
    void recordsWriteTimesAsIsoTextLeaveNullsOutAndIgnoreFieldsAddedLater() throws JsonProcessingException {
        Instant at = Instant.parse("2026-12-04T10:15:30Z");
        assertEquals("{\"at\":\"2026-12-04T10:15:30Z\"}", Json.RECORDS.writeValueAsString(new Stamp(null, at)));
        assertEquals(
                new Stamp("a", at),
                Json.RECORDS.readValue("{\"name\":\"a\",\"at\":\"2026-12-04T10:15:30Z\",\"added\":1}", Stamp.class));
    }

    @Test
    void plainDataRefusesAFieldItsTypeDoesNotHave() {
        assertThrows(
                JsonProcessingException.class,
                () -> Json.PLAIN.readValue("{\"name\":\"a\",\"unknown\":1}", Stamp.class));
    }

    @Test
    void untrustedInputIsRefusedPastItsDepth() throws JsonProcessingException {
        String deep = "[".repeat(Json.UNTRUSTED_MAX_DEPTH + 1) + "]".repeat(Json.UNTRUSTED_MAX_DEPTH + 1);
        StreamConstraintsException e =
                assertThrows(StreamConstraintsException.class, () -> Json.UNTRUSTED.readTree(deep));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
        // the same text is fine for plain data: the limit is the untrusted kind's own
        assertTrue(Json.PLAIN.readTree(deep).isArray());
    }
}
