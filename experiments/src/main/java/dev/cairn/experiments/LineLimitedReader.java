package dev.cairn.experiments;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Locale;

/**
 * Text whose lines are at most {@value #MAX_LINE} characters: an exposure or outcome is one short line, and a reader
 * that buffers a whole line would run out of memory on a file that has no line breaks (a 300 MB line).
 */
final class LineLimitedReader extends FilterReader {
    /** Far above any exposure event or outcome row, far below what a line buffer may hold. */
    static final int MAX_LINE = 1 << 20;

    /** A line past {@link #MAX_LINE}, naming the file and the line. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(String file, long line) {
            super(String.format(
                    Locale.ROOT,
                    "%s:%d: the line is longer than %,d characters: exposure and outcome files hold one short"
                            + " event per line; is this the right file?",
                    file,
                    line,
                    MAX_LINE));
        }
    }

    private final String name;
    private long line = 1;
    private long column;

    LineLimitedReader(Reader in, String name) {
        super(in);
        this.name = name;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = offset; i < offset + n; i++) {
            count(buffer[i]);
        }
        return n;
    }

    private void count(char c) throws LineTooLongException {
        if (c == '\n') {
            line++;
            column = 0;
        } else if (++column > MAX_LINE) {
            throw new LineTooLongException(name, line);
        }
    }
}
