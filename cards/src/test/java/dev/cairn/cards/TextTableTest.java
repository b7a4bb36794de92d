package dev.cairn.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void columnsArePaddedToTheWidestCellAndNumbersAlignRight() {
        TextTable table = new TextTable(List.of("step", "tasks", "took"));
        table.row(List.of("start", "1", "0.1 s"));
        table.row(List.of("train", "200", "12.5 s"));

        assertEquals(
                List.of("  step   tasks    took", "  start      1   0.1 s", "  train    200  12.5 s"),
                table.lines("  "));
    }

    @Test
    void rowOfTheWrongWidthIsRefused() {
        TextTable table = new TextTable(List.of("a", "b"));

        assertThrows(IllegalArgumentException.class, () -> table.row(List.of("1")));
    }
}
