package dev.cairn.cards;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A plain-text table for the terminal: each column as wide as its widest cell, two spaces apart,
 * columns of numbers and durations right-aligned.
 *
 * <pre>{@code
 * TextTable table = new TextTable(List.of("step", "tasks"));
 * table.row(List.of("train", "200"));
 * table.lines("  ").forEach(out::println);
 * }</pre>
 */
public final class TextTable {
    private static final Pattern NUMERIC =
            Pattern.compile("[-+]?(\\d[\\d.,]*([eE][-+]?\\d+)?( ms| s| min \\d+ s)?|NaN|Infinity)");

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    public TextTable row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException(
                    "a row of " + cells.size() + " cells in a table of " + headers.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    int size() {
        return rows.size();
    }

    /** The header line then one line per row, each starting with {@code indent}, without trailing spaces. */
    public List<String> lines(String indent) {
        int columns = headers.size();
        int[] width = new int[columns];
        boolean[] right = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            width[c] = headers.get(c).length();
            right[c] = !rows.isEmpty();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
                right[c] &= row.get(c).isEmpty()
                        || row.get(c).equals("-")
                        || NUMERIC.matcher(row.get(c)).matches();
            }
        }
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(line(indent, headers, width, right));
        rows.forEach(row -> lines.add(line(indent, row, width, right)));
        return lines;
    }

    private static String line(String indent, List<String> cells, int[] width, boolean[] right) {
        StringBuilder line = new StringBuilder(indent);
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            line.append(right[c] ? pad + cell : cell + (c == cells.size() - 1 ? "" : pad));
            if (c < cells.size() - 1) {
                line.append("  ");
            }
        }
        return line.toString().stripTrailing();
    }
}
