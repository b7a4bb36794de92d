package dev.cairn.warehouse;

/**
 * SQL string literals, for the few places a value cannot be a bound parameter (a COPY target, setup DDL);
 * everywhere else values are bound.
 */
public final class SqlLiteral {
    private SqlLiteral() {}

    /** {@code text} single-quoted, embedded quotes doubled. */
    public static String quote(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL character in SQL literal");
        }
        return "'" + text.replace("'", "''") + "'";
    }
}
