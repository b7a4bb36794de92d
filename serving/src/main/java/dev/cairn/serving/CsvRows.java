package dev.cairn.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.formats.CsvReader;
import dev.cairn.formats.Json;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rows as CSV (RFC 4180, no header): one row per line, values in the order of the model's features. An unquoted
 * value that reads as a JSON number becomes a number, {@code true}/{@code false} a boolean, an empty one no value;
 * a quoted value stays text.
 */
final class CsvRows {
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    private CsvRows() {}

    /** @throws HttpProblem 400 naming the row and its line when a row has the wrong number of values */
    static List<Map<String, Object>> parse(byte[] body, List<String> features) {
        List<Map<String, Object>> rows = new ArrayList<>();
        CsvReader reader = new CsvReader(new StringReader(new String(body, StandardCharsets.UTF_8)));
        try {
            for (List<CsvReader.Value> values; (values = reader.next()) != null; ) {
                if (values.size() == 1 && value(values.get(0)) == null) {
                    continue; // a blank line
                }
                if (values.size() != features.size()) {
                    throw new HttpProblem(
                            HttpProblem.BAD_REQUEST,
                            "row " + rows.size() + " (line " + reader.line() + ") has " + values.size()
                                    + " values; the model takes " + features.size() + ", in this order: " + features);
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int f = 0; f < features.size(); f++) {
                    Object value = value(values.get(f));
                    if (value != null) {
                        row.put(features.get(f), value);
                    }
                }
                rows.add(row);
            }
        } catch (CsvReader.MalformedCsvException e) {
            throw new HttpProblem(HttpProblem.BAD_REQUEST, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
        return rows;
    }

    /** A quoted value stays text; an unquoted one is typed by how it reads. */
    private static Object value(CsvReader.Value value) {
        if (value.quoted()) {
            return value.text();
        }
        String cell = value.stripped();
        if (cell.isEmpty()) {
            return null;
        }
        if (INTEGER.matcher(cell).matches()) {
            return Long.parseLong(cell);
        }
        if (NUMBER.matcher(cell).matches()) {
            return Double.parseDouble(cell);
        }
        return switch (cell) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> cell;
        };
    }

    /** One line per prediction: a map's values or a list's elements, comma-separated, or the value itself. */
    static byte[] format(List<Object> predictions) throws JsonProcessingException {
        StringBuilder out = new StringBuilder();
        for (Object prediction : predictions) {
            Collection<?> values = prediction instanceof Map<?, ?> map
                    ? map.values()
                    : prediction instanceof Collection<?> list ? list : Collections.singletonList(prediction);
            List<String> cells = new ArrayList<>(values.size());
            for (Object value : values) {
                cells.add(cell(value));
            }
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String cell(Object value) throws JsonProcessingException {
        if (value == null) {
            return "";
        }
        String text = value instanceof Number || value instanceof Boolean || value instanceof String
                ? value.toString()
                : Json.UNTRUSTED.writeValueAsString(value);
        boolean quote = !(value instanceof Number || value instanceof Boolean)
                && text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
