package dev.cairn.formats;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV (RFC 4180) one record at a time from a stream: commas and line breaks inside double quotes belong to
 * the value, {@code ""} inside quotes is one quote, lines end with LF or CRLF. Each value says whether it was
 * quoted, since a reader may type {@code 12} as a number and {@code "12"} as text.
 *
 * <pre>{@code
 * CsvReader csv = new CsvReader(reader);
 * for (List<CsvReader.Value> row; (row = csv.next()) != null; ) { ... csv.line() ... }
 * }</pre>
 *
 * No library here: the ones kept well (Commons CSV, Jackson's CSV) do not tell a quoted value from an unquoted
 * one, and the model server's typing rule needs exactly that.
 */
public final class CsvReader {
    /** One value of a record: its text (without the quotes) and whether it was quoted. */
    public record Value(String text, boolean quoted) {
        /** The text, stripped of surrounding blanks when it was not quoted. */
        public String stripped() {
            return quoted ? text : text.strip();
        }
    }

    /** A record that breaks the format, with the line it is on (1-based). */
    public static final class MalformedCsvException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int line;

        MalformedCsvException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private final PushbackReader in;
    private int line;
    private int recordLine;

    public CsvReader(Reader in) {
        this(in, 1);
    }

    /** Reads from {@code in}, whose first line is line {@code firstLine} of the file (after a header read apart). */
    public CsvReader(Reader in, int firstLine) {
        this.in = new PushbackReader(in, 1);
        this.line = firstLine;
        this.recordLine = firstLine;
    }

    /** The line the record last returned by {@link #next()} starts on (1-based). */
    public int line() {
        return recordLine;
    }

    /**
     * The next record, or null at the end. A blank line is a record of one empty unquoted value.
     *
     * @throws MalformedCsvException when a quote is never closed, or text follows a closing quote (the rest of
     *     that line is skipped, so the caller may go on with the next record)
     */
    public List<Value> next() throws IOException {
        int c = in.read();
        if (c < 0) {
            return null;
        }
        in.unread(c);
        recordLine = line;
        List<Value> values = new ArrayList<>();
        while (true) {
            c = in.read();
            Value value;
            if (c == '"') {
                value = quoted();
            } else {
                if (c >= 0) {
                    in.unread(c);
                }
                value = unquoted();
            }
            values.add(value);
            c = in.read();
            if (c < 0 || c == '\n') {
                line += c < 0 ? 0 : 1;
                return values;
            }
            if (c == '\r') {
                int n = in.read();
                if (n >= 0 && n != '\n') {
                    in.unread(n);
                }
                line++;
                return values;
            }
            if (c != ',') {
                int at = line;
                skipLine();
                throw new MalformedCsvException(at, "line " + at + " of the CSV has text after a closing quote");
            }
        }
    }

    private Value unquoted() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            if (c == ',' || c == '\n' || c == '\r') {
                in.unread(c);
                break;
            }
            text.append((char) c);
        }
        return new Value(text.toString(), false);
    }

    private Value quoted() throws IOException {
        int startLine = line;
        StringBuilder text = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new MalformedCsvException(
                        startLine, "the CSV has a quote opened on line " + startLine + " that is never closed");
            }
            if (c == '"') {
                int n = in.read();
                if (n != '"') {
                    if (n >= 0) {
                        in.unread(n);
                    }
                    return new Value(text.toString(), true);
                }
            } else if (c == '\n') {
                line++;
            }
            text.append((char) c);
        }
    }

    private void skipLine() throws IOException {
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                line++;
                return;
            }
        }
    }
}
