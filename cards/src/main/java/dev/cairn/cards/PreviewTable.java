package dev.cairn.cards;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Artifact values that read best as a table: a list of records or maps sharing their keys (one
 * row each, a column per key), a map of them (keyed rows), or a map of scalars too long for one
 * line. A nested record that every row has with the same keys, such as a model's
 * hyperparameters, is spread into a column per key.
 *
 * <pre>
 * country  learningRate  epochs  accuracy
 * DE                0.2       8      0.91
 * FR               0.05       2     0.875
 * </pre>
 */
final class PreviewTable {
    static final int MAX_ROWS = 20;
    static final int MAX_CELL = 60;
    static final int MAX_COLUMNS = 16;

    private PreviewTable() {}

    /**
     * The value as table lines (header, rows, then {@code ... N more rows}), when it is a list of
     * records or maps with the same keys, a map of such, or a map of scalars too long for one line.
     */
    static Optional<List<String>> of(Object value) {
        Object plain = ArtifactPreview.plain(value);
        List<String> keys = null;
        List<List<Object>> rows = new ArrayList<>();
        if (plain instanceof List<?> list && !list.isEmpty()) {
            keys = sharedKeys(list);
            if (keys != null) {
                keys = new ArrayList<>(keys);
                for (Object element : list) {
                    Map<?, ?> map = (Map<?, ?>) ArtifactPreview.plain(element);
                    rows.add(keys.stream().map(k -> (Object) map.get(k)).toList());
                }
            }
        } else if (plain instanceof Map<?, ?> map && !map.isEmpty()) {
            List<String> valueKeys = sharedKeys(new ArrayList<>(map.values()));
            if (valueKeys != null && valueKeys.size() < MAX_COLUMNS) {
                keys = new ArrayList<>(List.of("key"));
                keys.addAll(valueKeys);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    Map<?, ?> fields = (Map<?, ?>) ArtifactPreview.plain(e.getValue());
                    List<Object> row = new ArrayList<>(List.of(String.valueOf(e.getKey())));
                    valueKeys.forEach(k -> row.add(fields.get(k)));
                    rows.add(row);
                }
            } else if (map.values().stream().noneMatch(PreviewTable::collection)
                    && ArtifactPreview.inline(map).length() > ArtifactPreview.MAX_TEXT) {
                keys = new ArrayList<>(List.of("key", "value"));
                map.forEach((k, v) -> rows.add(Arrays.asList(String.valueOf(k), v)));
            }
        }
        if (keys == null) {
            return Optional.empty();
        }
        boolean keyed = plain instanceof Map<?, ?>;
        for (int c = keys.size() - 1; c >= (keyed ? 1 : 0); c--) {
            spread(keys, rows, c);
        }
        TextTable table = new TextTable(keys);
        for (List<Object> row : rows.subList(0, Math.min(rows.size(), MAX_ROWS))) {
            List<String> cells = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                cells.add(keyed && i == 0 ? String.valueOf(row.get(0)) : cell(row.get(i)));
            }
            table.row(cells);
        }
        List<String> lines = new ArrayList<>(table.lines(""));
        if (rows.size() > MAX_ROWS) {
            lines.add("... " + (rows.size() - MAX_ROWS) + " more rows");
        }
        return Optional.of(lines);
    }

    /**
     * Replaces column {@code c} by one column per key when every row holds a record or map with
     * the same keys there (a model's hyperparameters), named by the inner key, or
     * {@code column.key} where that name is taken.
     */
    private static void spread(List<String> keys, List<List<Object>> rows, int c) {
        List<Object> column = rows.stream().map(row -> row.get(c)).toList();
        List<String> inner = sharedKeys(column);
        if (inner == null || keys.size() - 1 + inner.size() > MAX_COLUMNS) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (String key : inner) {
            boolean taken =
                    keys.contains(key) || inner.stream().filter(key::equals).count() > 1;
            names.add(taken ? keys.get(c) + "." + key : key);
        }
        keys.remove(c);
        keys.addAll(c, names);
        for (int r = 0; r < rows.size(); r++) {
            List<Object> row = new ArrayList<>(rows.get(r));
            Map<?, ?> fields = (Map<?, ?>) ArtifactPreview.plain(row.remove(c));
            Map<String, Object> byName = new LinkedHashMap<>();
            fields.forEach((k, v) -> byName.put(String.valueOf(k), v));
            row.addAll(c, inner.stream().map(byName::get).toList());
            rows.set(r, row);
        }
    }

    /** The keys every element has, in the first element's order, if all are records or maps with the same keys. */
    private static List<String> sharedKeys(List<?> elements) {
        List<String> keys = null;
        for (Object element : elements) {
            if (!(ArtifactPreview.plain(element) instanceof Map<?, ?> map)
                    || map.isEmpty()
                    || map.size() > MAX_COLUMNS) {
                return null;
            }
            List<String> these = map.keySet().stream().map(String::valueOf).toList();
            if (keys == null) {
                keys = these;
            } else if (!(keys.size() == these.size() && keys.containsAll(these))) {
                return null;
            }
        }
        return keys;
    }

    private static String cell(Object value) {
        Object plain = ArtifactPreview.plain(value);
        if (plain instanceof List<?> list) {
            return ArtifactPreview.sequence(list, MAX_CELL, false);
        }
        if (plain instanceof Map<?, ?> map) {
            return ArtifactPreview.entries(map, MAX_CELL, false);
        }
        return plain instanceof String s && !ArtifactPreview.looksLikeBase64(s)
                ? ArtifactPreview.cut(s.replace("\n", "\\n"), MAX_CELL)
                : ArtifactPreview.scalar(plain, MAX_CELL);
    }

    private static boolean collection(Object value) {
        Object plain = ArtifactPreview.plain(value);
        return plain instanceof List<?> || plain instanceof Map<?, ?>;
    }
}
