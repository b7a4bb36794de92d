package dev.cairn.warehouse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** A fully read, typed query result: column names and types plus the rows (values in column order). */
public record Table(List<Column> columns, List<List<Object>> rows) {
    public Table {
        columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(
                        "row has " + row.size() + " values, table has " + columns.size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row))); // values may be null
        }
        rows = Collections.unmodifiableList(copy);
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public int rowCount() {
        return rows.size();
    }

    /** Index of the column named {@code name} (case-insensitive). */
    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + name + " in " + columnNames());
    }

    public Object value(int row, String column) {
        return rows.get(row).get(columnIndex(column));
    }
}
