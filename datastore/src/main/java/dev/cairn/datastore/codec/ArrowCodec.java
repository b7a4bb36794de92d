package dev.cairn.datastore.codec;

import dev.cairn.flow.ColumnTable;
import dev.cairn.warehouse.Column;
import dev.cairn.warehouse.Table;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Numeric arrays ({@code double[]}, {@code float[]}, {@code long[]}, {@code int[]}), lists of numbers, booleans or
 * strings, warehouse {@link Table}s and {@link ColumnTable} records as Apache Arrow IPC streams: the interchange
 * format pyarrow, polars, DuckDB and apache-arrow (JS) read, written and read a batch of rows at a time. Chosen by
 * the field's declared type; an array or a list is a table of one column, {@code values}. The schema's metadata says
 * which shape the value had ({@code cairn.shape}: array, list, table, columns) and how many rows it holds.
 *
 * <p>A reader names the type it wants, which need not be the written one: a {@code List<Double>} reads as a
 * {@code double[]} and back, one column of a table reads as an array ({@link #decodeColumn}), a range of rows as a
 * smaller value of the same type ({@link #decodeRows}).
 */
public final class ArrowCodec implements StreamingCodec {
    public static final String ID = "arrow";
    /** The column an array or a list is stored in. */
    public static final String VALUES = "values";

    private static final String SHAPE = "cairn.shape";
    private static final String SQL_TYPE = "cairn.sql_type";

    @Override
    public String id() {
        return ID;
    }

    /** Never chosen by value alone: only for fields whose declared type is one of this codec's. */
    @Override
    public boolean canEncode(Object value) {
        return false;
    }

    @Override
    public boolean handles(Type declared) {
        if (declared instanceof Class<?> c) {
            return ColumnKind.ofArray(c) != null || c == Table.class || columnTable(c);
        }
        ColumnKind element = listElement(declared);
        // lists of booleans and strings stay JSON (small, and read by people); they are columns of a table only
        return element != null && element != ColumnKind.BOOLEAN && element != ColumnKind.STRING;
    }

    @Override
    public boolean canEncode(Object value, Type declared) {
        if (!handles(declared) || value == null) {
            return false;
        }
        boolean numeric;
        if (value instanceof Table table) {
            List<ColumnKind> kinds = tableKinds(table);
            if (kinds == null) {
                return false;
            }
            numeric = kinds.stream().allMatch(ColumnKind::fixedWidth);
        } else if (value instanceof List<?>) {
            // numbers' classes are checked as they are written (a list of another class is stored by another
            // codec, see encode): a pass over millions of boxed values here would cost as much as writing them
            numeric = listElement(declared).fixedWidth();
        } else if (value.getClass().isRecord()) {
            numeric = java.util.Arrays.stream(value.getClass().getRecordComponents())
                    .allMatch(c -> columnKindOrNull(c.getGenericType()) != null
                            && columnKindOrNull(c.getGenericType()).fixedWidth());
        } else {
            numeric = true;
        }
        // numbers are written without Arrow's memory (NumericArrowWriting); booleans and strings need it
        return numeric || ArrowMemory.available();
    }

    /** Needs the declared type, which says which shape to store. */
    @Override
    public byte[] encode(Object value) {
        throw new UnsupportedOperationException("the arrow codec encodes a value for its field's declared type");
    }

    @Override
    public void encode(Object value, Type declared, BlockOutput out) throws IOException {
        List<ArrowWriting.Column> columns = new ArrayList<>();
        String shape;
        int rows;
        if (value instanceof Table table) {
            shape = "table";
            rows = table.rowCount();
            List<ColumnKind> kinds = tableKinds(table);
            for (int c = 0; c < kinds.size(); c++) {
                int index = c;
                Column column = table.columns().get(c);
                List<Object> cells = new AbstractList<>() {
                    @Override
                    public Object get(int row) {
                        return table.rows().get(row).get(index);
                    }

                    @Override
                    public int size() {
                        return table.rowCount();
                    }
                };
                columns.add(
                        new ArrowWriting.Column(column.name(), kinds.get(c), cells, Map.of(SQL_TYPE, column.type())));
            }
        } else if (value.getClass().isRecord()) {
            shape = "columns";
            rows = -1;
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                Object data = component(component, value);
                ColumnKind kind = columnKind(component.getGenericType());
                if (data == null) {
                    throw new IllegalArgumentException("column `" + component.getName() + "` is null");
                }
                int length = data instanceof List<?> l ? l.size() : Array.getLength(data);
                if (rows >= 0 && length != rows) {
                    throw new IllegalArgumentException("its columns differ in length: `" + component.getName()
                            + "` holds " + length + " rows, the columns before it " + rows
                            + "; a @ColumnTable's columns are all of one length");
                }
                rows = length;
                columns.add(new ArrowWriting.Column(component.getName(), kind, data, Map.of()));
            }
            rows = Math.max(rows, 0);
        } else {
            shape = value instanceof List<?> ? "list" : "array";
            rows = value instanceof List<?> l ? l.size() : Array.getLength(value);
            columns.add(new ArrowWriting.Column(VALUES, columnKind(declared), value, Map.of()));
        }
        Map<String, String> metadata = Map.of(SHAPE, shape, ArrowReading.ROWS, Integer.toString(rows));
        if (NumericArrowWriting.handles(columns)) {
            NumericArrowWriting.write(columns, rows, metadata, out);
            return;
        }
        BlockWriter blocks = new BlockWriter(out);
        ArrowWriting.write(columns, rows, metadata, new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                blocks.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                blocks.write(b, off, len);
            }
        });
        blocks.finish();
    }

    @Override
    public Object decode(BlockInput in, Type type) throws IOException {
        return decodeRows(in, type, 0, Long.MAX_VALUE);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive, cut at the end) as {@code type}. */
    public Object decodeRows(BlockInput in, Type type, long from, long to) throws IOException {
        Set<String> wanted = null;
        if (type instanceof Class<?> c && columnTable(c)) {
            wanted = Set.of(java.util.Arrays.stream(c.getRecordComponents())
                    .map(RecordComponent::getName)
                    .toArray(String[]::new));
        }
        return as(NumericArrowReading.read(in, wanted, from, to), type);
    }

    /** One column of a table ({@code values} of an array or a list) as {@code type}: an array or a list. */
    public Object decodeColumn(BlockInput in, String column, Type type) throws IOException {
        ArrowReading.Read read = NumericArrowReading.read(in, Set.of(column), 0, Long.MAX_VALUE);
        return column(read.column(column), type);
    }

    private static Object as(ArrowReading.Read read, Type type) {
        String shape = read.metadata().getOrDefault(SHAPE, "table");
        if (type == Table.class) {
            return table(read);
        }
        if (type instanceof Class<?> c && columnTable(c)) {
            return record(c, read);
        }
        if (type == Object.class) {
            return switch (shape) {
                case "array", "list" -> column(read.column(VALUES), Object.class);
                case "columns" -> {
                    Map<String, Object> columns = new LinkedHashMap<>();
                    read.columns().forEach(c -> columns.put(c.name(), column(c, Object.class)));
                    yield java.util.Collections.unmodifiableMap(columns);
                }
                default -> {
                    Table table = table(read);
                    yield Map.of(
                            "columns",
                            table.columns().stream()
                                    .map(c -> Map.of("name", c.name(), "type", c.type()))
                                    .toList(),
                            "rows",
                            table.rows());
                }
            };
        }
        if (read.columns().size() != 1) {
            throw new IllegalArgumentException("it is a table of columns " + read.allColumns() + ", not one "
                    + type.getTypeName() + ": read it as a table, or one column of it");
        }
        return column(read.columns().get(0), type);
    }

    /** A column as an array of its kind, or a read-only list (its values boxed one at a time as they are read). */
    private static Object column(ArrowReading.Column column, Type type) {
        ColumnKind wanted = type == Object.class ? column.kind() : columnKind(type);
        if (wanted != column.kind()) {
            throw new IllegalArgumentException("column `" + column.name() + "` holds "
                    + column.kind().element.getSimpleName()
                    + " values, which do not read as " + type.getTypeName() + ": read it as "
                    + column.kind().array.getSimpleName() + " or List<"
                    + column.kind().element.getSimpleName() + ">");
        }
        int rows = Array.getLength(column.values());
        if (type instanceof Class<?> c && c.isArray()) {
            if (column.nulls() != null) {
                throw new IllegalArgumentException("column `" + column.name() + "` has nulls (the first at row "
                        + column.nulls().nextSetBit(0) + "), which " + c.getSimpleName()
                        + " cannot hold: read it as a List<"
                        + column.kind().element.getSimpleName() + ">");
            }
            return column.values();
        }
        List<Object> list = new ColumnList<>(column.values(), rows, column.nulls());
        Type raw = type instanceof ParameterizedType p ? p.getRawType() : type;
        return raw instanceof Class<?> c && c != Object.class && !c.isInstance(list) ? new ArrayList<>(list) : list;
    }

    private static Table table(ArrowReading.Read read) {
        List<Column> columns = new ArrayList<>();
        List<List<Object>> cells = new ArrayList<>();
        for (ArrowReading.Column c : read.columns()) {
            columns.add(new Column(
                    c.name(),
                    c.metadata() == null
                            ? c.kind().name()
                            : c.metadata().getOrDefault(SQL_TYPE, c.kind().name())));
            cells.add(new ColumnList<>(c.values(), read.rows(), c.nulls()));
        }
        List<List<Object>> rows = new ArrayList<>(read.rows());
        for (int r = 0; r < read.rows(); r++) {
            Object[] row = new Object[cells.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = cells.get(c).get(r);
            }
            rows.add(java.util.Arrays.asList(row));
        }
        return new Table(columns, rows);
    }

    private static Object record(Class<?> type, ArrowReading.Read read) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = column(read.column(components[i].getName()), components[i].getGenericType());
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(
                    "cannot make a " + type.getName() + " of its columns: " + e.getMessage(), e);
        }
    }

    /** The kinds of a table's columns, each from its values; null when a column holds other values or mixes them. */
    private static List<ColumnKind> tableKinds(Table table) {
        List<ColumnKind> kinds = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            ColumnKind kind = null;
            for (List<Object> row : table.rows()) {
                Object v = row.get(c);
                if (v == null) {
                    continue;
                }
                ColumnKind of = ColumnKind.ofElement(v.getClass());
                if (of == null || kind != null && of != kind) {
                    return null; // a BigDecimal, a mix of Integer and Long: JSON keeps them as they are
                }
                kind = of;
            }
            kinds.add(kind == null ? ColumnKind.STRING : kind);
        }
        return kinds;
    }

    static boolean columnTable(Class<?> c) {
        if (!c.isRecord() || !c.isAnnotationPresent(ColumnTable.class)) {
            return false;
        }
        for (RecordComponent component : c.getRecordComponents()) {
            if (columnKindOrNull(component.getGenericType()) == null) {
                return false;
            }
        }
        return true;
    }

    /** The element kind of {@code List<Double>} and the like; null for any other type. */
    private static ColumnKind listElement(Type type) {
        if (type instanceof ParameterizedType p
                && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] instanceof Class<?> element) {
            return ColumnKind.ofElement(element);
        }
        return null;
    }

    private static ColumnKind columnKindOrNull(Type type) {
        return type instanceof Class<?> c ? ColumnKind.ofArray(c) : listElement(type);
    }

    private static ColumnKind columnKind(Type type) {
        ColumnKind kind = columnKindOrNull(type);
        if (kind == null) {
            throw new IllegalArgumentException(type.getTypeName() + " is not a column: use double[], float[], long[],"
                    + " int[] or a List of Double, Float, Long, Integer, Boolean or String");
        }
        return kind;
    }

    private static Object component(RecordComponent component, Object record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
