package dev.cairn.cards;

import dev.cairn.client.Task;
import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.DamagedBlobException;
import dev.cairn.datastore.MissingBlobException;
import dev.cairn.datastore.codec.BytesCodec;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Short previews of artifact values for people. A value gets one line ({@code 0.93},
 * {@code "DE"}, {@code [1, 2, 3, ...] (200 items)}, {@code {lr: 0.1, ...} (4 entries)},
 * {@code byte[] 2 KB}); a list of records or maps that share their keys, or a map of them, gets
 * a small table whose columns are the keys ({@link PreviewTable}), so a flow's results read at a glance.
 */
public final class ArtifactPreview {
    static final int MAX_TEXT = 80;
    private static final long MAX_DECODED_BYTES = 32L << 20; // a preview never decodes more than 32 MiB
    private static final int MIN_BASE64 = 100; // shorter strings of letters and digits are ids and hashes, not bytes
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final int SIGNIFICANT = 4;

    private ArtifactPreview() {}

    /**
     * What to show for a value.
     *
     * @param summary one line: the value's preview, or its size when it is shown as a table
     * @param table   the table's lines (header, rows, {@code ... N more rows}); empty for a one-line value
     * @param problem why the value could not be read (its blob is damaged or missing), naming the blob and the
     *                fix; null when it was read, or was not read (too large to preview)
     */
    public record Preview(String summary, List<String> table, String problem) {
        public Preview {
            table = List.copyOf(table);
        }

        public Preview(String summary, List<String> table) {
            this(summary, table, null);
        }
    }

    /**
     * The preview of a task's artifact, {@code <codec X: N bytes>} when it cannot be decoded here, or
     * {@code <damaged: ...>} / {@code <missing: ...>} when its blob does not hold what its address says or is gone.
     */
    public static Preview of(Task task, String name) {
        ArtifactRef ref = task.artifactRef(name);
        if (ref.codec().equals(BytesCodec.ID)) {
            if (ref.size() <= MAX_DECODED_BYTES) {
                try {
                    task.artifactBytes(name); // read only to check it: bytes are shown as their size
                } catch (RuntimeException e) {
                    return unreadable(ref, e).orElseGet(() -> new Preview(bytes(ref.size()), List.of()));
                }
            }
            return new Preview(bytes(ref.size()), List.of());
        }
        if (ref.size() > MAX_DECODED_BYTES) {
            return new Preview(undecoded(ref) + " (too large to preview)", List.of());
        }
        Object value;
        try {
            value = task.artifact(name);
        } catch (RuntimeException e) {
            return unreadable(ref, e).orElseGet(() -> new Preview(undecoded(ref), List.of()));
        }
        return of(value);
    }

    /** {@code <damaged: blob 1f2e3d4c5b6a7980...>} or {@code <missing: ...>} when that is why a read failed. */
    private static Optional<Preview> unreadable(ArtifactRef ref, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String blob = "blob " + ref.sha().substring(0, 16) + "..., " + ref.size() + " bytes";
            if (cause instanceof DamagedBlobException) {
                return Optional.of(
                        new Preview("<damaged: " + blob + ", does not match its address>", List.of(), e.getMessage()));
            }
            if (cause instanceof MissingBlobException) {
                return Optional.of(
                        new Preview("<missing: " + blob + ", not in the datastore>", List.of(), e.getMessage()));
            }
        }
        return Optional.empty();
    }

    /** A table when the value is tabular, otherwise its one-line preview. */
    static Preview of(Object value) {
        Optional<List<String>> table = table(value);
        if (table.isEmpty()) {
            return new Preview(inline(value), List.of());
        }
        int size = plain(value) instanceof Map<?, ?> map ? map.size() : ((List<?>) plain(value)).size();
        return new Preview(
                size + (plain(value) instanceof Map<?, ?> ? " entries" : size == 1 ? " row" : " rows"), table.get());
    }

    static String undecoded(ArtifactRef ref) {
        return "<codec " + ref.codec() + ": " + ref.size() + " bytes>";
    }

    /** One line: scalars in full (strings quoted, cut at {@value #MAX_TEXT} characters), collections cut short with their size. */
    public static String inline(Object value) {
        Object plain = plain(value);
        if (plain instanceof List<?> list) {
            return sequence(list, MAX_TEXT, true);
        }
        if (plain instanceof Map<?, ?> map) {
            return entries(map, MAX_TEXT, true);
        }
        return scalar(plain, MAX_TEXT);
    }

    /** See {@link PreviewTable#of}. */
    static Optional<List<String>> table(Object value) {
        return PreviewTable.of(value);
    }

    /** {@code [a, b, ...] (N items)}; the size is shown at the top level, and inside only when cut. */
    static String sequence(List<?> list, int budget, boolean top) {
        List<Part> parts = new ArrayList<>();
        for (Object element : list) {
            parts.add(nested("", element, budget));
        }
        return joined("[", parts, "]", budget, top, size(list.size(), "item", "items"));
    }

    static String entries(Map<?, ?> map, int budget, boolean top) {
        List<Part> parts = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            parts.add(nested(e.getKey() + ": ", e.getValue(), budget));
        }
        return joined("{", parts, "}", budget, top, size(map.size(), "entry", "entries"));
    }

    /** An element of a collection, in full and in short ({@code {5 entries}}) for when the full one does not fit. */
    private record Part(String full, String brief) {}

    private static String joined(String open, List<Part> parts, String close, int budget, boolean top, String size) {
        StringBuilder text = new StringBuilder(open);
        int shown = 0;
        for (Part part : parts) {
            String sep = shown == 0 ? "" : ", ";
            int room = budget - text.length() - sep.length() - close.length();
            String fitting =
                    part.full().length() <= room ? part.full() : part.brief().length() <= room ? part.brief() : null;
            if (fitting == null && shown > 0) {
                break;
            }
            text.append(sep).append(fitting != null ? fitting : cut(part.brief(), budget - 2));
            shown++;
        }
        boolean cutShort = shown < parts.size();
        if (cutShort) {
            text.append(", ...");
        }
        text.append(close);
        return top || cutShort ? text + " (" + size + ")" : text.toString();
    }

    private static Part nested(String label, Object value, int budget) {
        Object plain = plain(value);
        if (plain instanceof List<?> list) {
            return new Part(
                    label + sequence(list, budget / 2, false), label + "[" + size(list.size(), "item", "items") + "]");
        }
        if (plain instanceof Map<?, ?> map) {
            return new Part(
                    label + entries(map, budget / 2, false), label + "{" + size(map.size(), "entry", "entries") + "}");
        }
        String text = label + scalar(plain, Math.min(budget, MAX_TEXT) / 2);
        return new Part(text, text);
    }

    private static String size(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** Scalars: numbers (fractions in {@link #number}'s format), booleans, quoted strings cut to {@code max}, bytes by size. */
    public static String scalar(Object value, int max) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Double || value instanceof Float) {
            return number(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return bytes(bytes.length);
        }
        if (value instanceof String s) {
            if (looksLikeBase64(s)) { // a byte[] inside a record, read back untyped
                return bytes(s.length() / 4 * 3 - (s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0));
            }
            return "\"" + cut(s.replace("\n", "\\n"), Math.max(8, max - 2)) + "\"";
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return cut(String.valueOf(value), max);
    }

    /** How Jackson writes a byte[] inside a record: long, in the base64 alphabet, mixing upper case, lower case and digits. */
    static boolean looksLikeBase64(String s) {
        return s.length() >= MIN_BASE64
                && s.length() % 4 == 0
                && BASE64.matcher(s).matches()
                && s.chars().anyMatch(Character::isUpperCase)
                && s.chars().anyMatch(Character::isLowerCase)
                && s.chars().anyMatch(Character::isDigit);
    }

    /**
     * The one format of fractional numbers on cards, in previews and in tables: 4 significant digits, but never
     * fewer than the integer part has (0.9536, 12.35, 1235, 0.0001235); scientific below 0.0001 and from 10^15.
     */
    public static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return String.valueOf(d);
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal exact = new BigDecimal(d);
        if (Math.abs(d) < 1e-4 || Math.abs(d) >= 1e15) {
            return exact.round(new MathContext(SIGNIFICANT, RoundingMode.HALF_EVEN))
                    .stripTrailingZeros()
                    .toString();
        }
        int integerDigits = Math.max(0, exact.precision() - exact.scale());
        return exact.round(new MathContext(Math.max(SIGNIFICANT, integerDigits), RoundingMode.HALF_EVEN))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** {@code byte[] 512 B}, {@code byte[] 12.3 KB}, {@code byte[] 4.5 MB}: what raw bytes are, not what they hold. */
    static String bytes(long size) {
        if (size < 1000) {
            return "byte[] " + size + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = size / 1000.0;
        int unit = 0;
        while (value >= 999.95 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return "byte[] " + String.format(java.util.Locale.ROOT, "%.1f", value) + " " + units[unit];
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(1, max - 1)) + "…";
    }

    /** Records as maps of their components, arrays (but byte[]) and other collections as lists. */
    public static Object plain(Object value) {
        if (value == null || value instanceof byte[] || value instanceof List<?> || value instanceof Map<?, ?>) {
            return value;
        }
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(Array.get(value, i));
            }
            return list;
        }
        if (value instanceof Record) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                try {
                    component.getAccessor().setAccessible(true);
                    fields.put(component.getName(), component.getAccessor().invoke(value));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    fields.put(component.getName(), "?");
                }
            }
            return fields;
        }
        return value;
    }
}
