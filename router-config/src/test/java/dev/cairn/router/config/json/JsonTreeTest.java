package dev.cairn.router.config.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreeTest {

    @Test
    void objectsKeepTheirFieldOrderAndValuesTheirJsonTypes() throws IOException {
        Object tree = JsonTree.read("{\"b\": [1, 2.5, \"x\"], \"a\": {\"t\": true, \"n\": null}}");
        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) tree).keySet()));
        assertEquals(List.of(1, 2.5, "x"), ((Map<?, ?>) tree).get("b"));
        assertEquals(Arrays.asList(true, null), new ArrayList<>(((Map<?, ?>) ((Map<?, ?>) tree).get("a")).values()));
    }

    @Test
    void aFieldNamedTwiceIsRefused() {
        JsonParseException e = assertThrows(JsonParseException.class, () -> JsonTree.read("{\"a\": 1, \"a\": 2}"));
        assertTrue(e.getOriginalMessage().contains("Duplicate field 'a'"), e.getOriginalMessage());
    }

    @Test
    void contentAfterTheValueIsRefused() {
        JsonParseException e = assertThrows(JsonParseException.class, () -> JsonTree.read("{} {}"));
        assertEquals("trailing content after the JSON value", e.getOriginalMessage());
    }

    @Test
    void anEmptyDocumentIsRefused() {
        JsonParseException e = assertThrows(JsonParseException.class, () -> JsonTree.read(" "));
        assertEquals("empty document", e.getOriginalMessage());
    }

    @Test
    void nestingBeyondTheLimitIsRefused() {
        String deep = "[".repeat(StrictJson.MAX_NESTING_DEPTH + 1) + "]".repeat(StrictJson.MAX_NESTING_DEPTH + 1);
        assertThrows(StreamConstraintsException.class, () -> JsonTree.read(deep));
    }
}
