package dev.cairn.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
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
        Reader reader = new Reader(new String(body, StandardCharsets.UTF_8));
        while (reader.hasMore()) {
            int line = reader.line;
            List<Object> values = reader.record();
            if (values.size() == 1 && values.get(0) == null) {
                continue; // a blank line
            }
            if (values.size() != features.size()) {
                throw new HttpProblem(
                        HttpProblem.BAD_REQUEST,
                        "row " + rows.size() + " (line " + line + ") has " + values.size() + " values; the model takes "
                                + features.size() + ", in this order: " + features);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int f = 0; f < features.size(); f++) {
                if (values.get(f) != null) {
                    row.put(features.get(f), values.get(f));
                }
            }
            rows.add(row);
        }
        return rows;
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
                : ServingJson.MAPPER.writeValueAsString(value);
        boolean quote = !(value instanceof Number || value instanceof Boolean)
                && text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    /** Reads records one at a time, quoted values spanning lines included. */
    private static final class Reader {
        private final String text;
        private int at;
        int line = 1;

        Reader(String text) {
            this.text = text;
        }

        boolean hasMore() {
            return at < text.length();
        }

        List<Object> record() {
            List<Object> values = new ArrayList<>();
            while (true) {
                values.add(at < text.length() && text.charAt(at) == '"' ? quoted() : unquoted());
                if (at >= text.length()) {
                    return values;
                }
                char c = text.charAt(at++);
                if (c == '\n') {
                    line++;
                    return values;
                }
                if (c == '\r') {
                    if (at < text.length() && text.charAt(at) == '\n') {
                        at++;
                    }
                    line++;
                    return values;
                }
                // c is ',': the next value follows
            }
        }

        private Object unquoted() {
            int start = at;
            while (at < text.length() && ",\n\r".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            return value(text.substring(start, at).strip());
        }

        private String quoted() {
            int startLine = line;
            StringBuilder value = new StringBuilder();
            at++;
            while (true) {
                if (at >= text.length()) {
                    throw new HttpProblem(
                            HttpProblem.BAD_REQUEST,
                            "the CSV has a quote opened on line " + startLine + " that is never closed");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    if (at < text.length() && text.charAt(at) == '"') {
                        value.append('"');
                        at++;
                    } else {
                        break;
                    }
                } else {
                    line += c == '\n' ? 1 : 0;
                    value.append(c);
                }
            }
            if (at < text.length() && ",\n\r".indexOf(text.charAt(at)) < 0) {
                throw new HttpProblem(
                        HttpProblem.BAD_REQUEST, "line " + line + " of the CSV has text after a closing quote");
            }
            return value.toString();
        }

        private static Object value(String cell) {
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
    }
}
