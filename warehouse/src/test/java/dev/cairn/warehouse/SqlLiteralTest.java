package dev.cairn.warehouse;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SqlLiteralTest {
    @Test
    void quotesInsideTheTextAreDoubledSoTheLiteralCannotEndEarly() {
        assertEquals("'s3://b/it''s/'", SqlLiteral.quote("s3://b/it's/"));
        assertEquals("''''' OR 1=1 --'", SqlLiteral.quote("'' OR 1=1 --"));
    }

    @Test
    void aNulCharacterIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SqlLiteral.quote("a\0b"));
    }
}
