package dev.cairn.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.formats.CsvReader;
import dev.cairn.formats.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads units' outcomes: CSV with the header {@code unit,value}, or JSON lines {@code {"unit": "u-42", "value": 1.0}}
 * (told apart per file by its first non-blank character). A unit's first row counts; later rows of the same unit are
 * counted as duplicates. Rows that cannot be read are counted with their place; a CSV file without the header is an
 * error, since its columns cannot be trusted.
 *
 * <pre>{@code
 * Outcomes outcomes = OutcomeReader.read(InputFiles.of("outcomes.csv", null, env));
 * }</pre>
 */
public final class OutcomeReader {

    // Double.parseDouble also takes 0x1p3, 1f, 2d, NaN and Infinity: values no outcome job means to write, which
    // would switch the metric to continuous without a word
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");
    private static final int MAX_NUMBER = 64;

    private final MalformedLines.Counter malformed = new MalformedLines.Counter();
    private final Map<String, Double> valueOfUnit = new LinkedHashMap<>();
    private long duplicates;

    private OutcomeReader() {}

    /**
     * @throws IllegalArgumentException when a CSV file lacks the {@code unit,value} header (naming the file and line)
     * @throws IOException naming the file when one cannot be read
     */
    public static Outcomes read(List<InputFiles.InputFile> files) throws IOException {
        OutcomeReader reader = new OutcomeReader();
        for (InputFiles.InputFile file : files) {
            reader.readFile(file);
        }
        return new Outcomes(reader.valueOfUnit, reader.duplicates, reader.malformed.result());
    }

    private void readFile(InputFiles.InputFile file) throws IOException {
        long number = 0;
        try (BufferedReader lines = file.reader()) {
            for (String line; (line = lines.readLine()) != null; ) {
                number++;
                String row = (number == 1 ? line.replace("\uFEFF", "") : line).strip();
                if (row.isEmpty()) {
                    continue;
                }
                if (row.startsWith("{")) {
                    readJsonLines(file, row, number, lines);
                } else if (row.replace(" ", "").replace("\"", "").equalsIgnoreCase("unit,value")) {
                    readCsv(file, number, lines);
                } else {
                    throw new IllegalArgumentException(file.name() + ":" + number
                            + ": expected the CSV header unit,value (or JSON lines {\"unit\": ..., \"value\": ...}),"
                            + " got: " + shorten(row));
                }
                return;
            }
        } catch (LineLimitedReader.LineTooLongException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot read " + file.name() + " after line " + number + ": " + e.getMessage(), e);
        }
    }

    private void readJsonLines(InputFiles.InputFile file, String first, long firstNumber, BufferedReader lines)
            throws IOException {
        long number = firstNumber;
        for (String row = first; row != null; row = lines.readLine(), number++) {
            row = row.strip();
            String problem = row.isEmpty() ? null : jsonRow(row);
            if (problem != null) {
                malformed.add(file.name(), number, problem);
            }
        }
    }

    /** The rows after the header on line {@code headerNumber}, as CSV (a quoted unit may hold a comma). */
    private void readCsv(InputFiles.InputFile file, long headerNumber, BufferedReader rest) throws IOException {
        CsvReader csv = new CsvReader(rest, Math.toIntExact(headerNumber + 1));
        while (true) {
            List<CsvReader.Value> cells;
            try {
                cells = csv.next();
            } catch (CsvReader.MalformedCsvException e) {
                malformed.add(file.name(), e.line(), e.getMessage());
                continue;
            }
            if (cells == null) {
                return;
            }
            if (cells.size() == 1 && cells.get(0).stripped().isEmpty()) {
                continue;
            }
            String problem = csvRow(cells);
            if (problem != null) {
                malformed.add(file.name(), csv.line(), problem);
            }
        }
    }

    private String csvRow(List<CsvReader.Value> cells) {
        if (cells.size() != 2) {
            return "expected 2 cells (unit,value), got " + cells.size();
        }
        String unit = cells.get(0).stripped();
        String value = cells.get(1).stripped();
        if (unit.isEmpty()) {
            return "no unit";
        }
        if (value.length() > MAX_NUMBER || !DECIMAL.matcher(value).matches()) {
            return "value is not a decimal number (such as 1, 0.25 or -2e3): " + shorten(value);
        }
        return add(unit, Double.parseDouble(value));
    }

    private String jsonRow(String row) {
        JsonNode node;
        try {
            node = Json.PLAIN.readTree(row);
        } catch (JsonProcessingException e) {
            return "not JSON (" + MalformedLines.jsonProblem(e) + ")";
        }
        if (node == null || !node.isObject()) {
            return "not a JSON object";
        }
        JsonNode unit = node.get("unit");
        JsonNode value = node.get("value");
        if (unit == null
                || !unit.isValueNode()
                || unit.isNull()
                || unit.asText().isEmpty()) {
            return "no \"unit\"";
        }
        if (value == null || !value.isNumber()) {
            return "\"value\" is not a number";
        }
        return add(unit.asText(), value.asDouble());
    }

    private String add(String unit, double value) {
        if (!Double.isFinite(value)) {
            return "value is not finite: " + value;
        }
        if (valueOfUnit.putIfAbsent(unit, value) != null) {
            duplicates++;
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 59) + "…";
    }
}
