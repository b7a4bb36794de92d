package dev.cairn.datastore.codec;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Columns of numbers (primitive arrays, or lists of boxed numbers) written as an Arrow IPC stream straight from the
 * value into the blob's blocks: the batches, buffers and padding of {@link ArrowWriting}, byte for byte, without
 * Arrow's vectors in between (no copy into them, no allocator, none of their classes to load in a cold JVM).
 */
final class NumericArrowWriting {
    // validity bytes of rows that are all valid
    private static final byte[] ALL_VALID = new byte[8192];

    static {
        Arrays.fill(ALL_VALID, (byte) 0xFF);
    }

    private NumericArrowWriting() {}

    /** Whether every column is of a fixed-width kind and held in a primitive array or a list. */
    static boolean handles(List<ArrowWriting.Column> columns) {
        return columns.stream()
                .allMatch(c -> c.kind().fixedWidth()
                        && (c.data() instanceof List<?>
                                || ColumnKind.ofArray(c.data().getClass()) == c.kind()));
    }

    static void write(List<ArrowWriting.Column> columns, int rows, Map<String, String> metadata, BlockOutput sink)
            throws IOException {
        BlockWriter out = new BlockWriter(sink);
        ArrowIpc.write(out, ArrowIpc.schema(columns, metadata));
        int rowBytes = columns.stream().mapToInt(c -> c.kind().width).sum();
        int batchRows = (int) Math.max(1, Math.min(rows, ArrowWriting.BATCH_BYTES / Math.max(1, rowBytes)));
        Object[] data = new Object[columns.size()];
        for (int c = 0; c < data.length; c++) {
            Object d = columns.get(c).data();
            // a list read from an artifact without nulls is one primitive array: written as one
            data[c] = d instanceof ColumnList<?> list && !list.hasNulls() ? list.values() : d;
        }
        byte[][] validity = new byte[data.length][];
        Object[] unboxed = new Object[data.length];
        for (int from = 0; from < rows; from += batchRows) {
            int n = Math.min(batchRows, rows - from);
            int validityBytes = (n + 7) / 8;
            long[][] nodes = new long[data.length][];
            long[][] buffers = new long[data.length * 2][];
            long offset = 0;
            for (int c = 0; c < data.length; c++) {
                ColumnKind kind = columns.get(c).kind();
                long nulls = 0;
                if (data[c] instanceof List<?> list) {
                    if (unboxed[c] == null) { // a batch's worth, reused: the list is never copied whole
                        unboxed[c] = kind.newArray(batchRows);
                        validity[c] = new byte[(batchRows + 7) / 8];
                    }
                    nulls = unbox(list, columns.get(c).name(), kind, from, n, unboxed[c], validity[c]);
                }
                nodes[c] = new long[] {n, nulls};
                buffers[2 * c] = new long[] {offset, validityBytes};
                offset = ArrowIpc.alignTo8(offset + validityBytes);
                buffers[2 * c + 1] = new long[] {offset, (long) n * kind.width};
                offset = ArrowIpc.alignTo8(offset + (long) n * kind.width);
            }
            ArrowIpc.write(out, ArrowIpc.recordBatch(n, nodes, buffers, offset));
            for (int c = 0; c < data.length; c++) {
                if (unboxed[c] != null) {
                    out.write(validity[c], 0, validityBytes);
                    out.align();
                    out.values(unboxed[c], 0, n);
                } else {
                    // Arrow Java marks a primitive array's rows valid a byte at a time, the last byte's spare bits too
                    allValid(out, validityBytes);
                    out.align();
                    out.values(data[c], from, n);
                }
                out.align();
            }
        }
        ArrowIpc.end(out);
        out.finish();
    }

    /**
     * Unboxes rows {@code from} to {@code from + n} into {@code into} (a null as 0) and their validity bits into
     * {@code bits}, in one pass over the boxed values; returns how many are null.
     *
     * @throws IllegalArgumentException when a value is of another class than the column's
     */
    private static long unbox(List<?> values, String name, ColumnKind kind, int from, int n, Object into, byte[] bits) {
        Arrays.fill(bits, 0, (n + 7) / 8, (byte) 0);
        long valid = 0;
        // a loop per kind, so that the kind is not asked again per value; a null's value stays 0, as in Arrow Java
        switch (into) {
            case double[] a -> {
                for (int i = 0; i < n; i++) {
                    Object value = values.get(from + i);
                    if (value instanceof Double v) {
                        a[i] = v;
                        bits[i >> 3] |= (byte) (1 << (i & 7));
                        valid++;
                    } else {
                        a[i] = notNumber(value, name, kind, from + i);
                    }
                }
            }
            case float[] a -> {
                for (int i = 0; i < n; i++) {
                    Object value = values.get(from + i);
                    if (value instanceof Float v) {
                        a[i] = v;
                        bits[i >> 3] |= (byte) (1 << (i & 7));
                        valid++;
                    } else {
                        a[i] = notNumber(value, name, kind, from + i);
                    }
                }
            }
            case long[] a -> {
                for (int i = 0; i < n; i++) {
                    Object value = values.get(from + i);
                    if (value instanceof Long v) {
                        a[i] = v;
                        bits[i >> 3] |= (byte) (1 << (i & 7));
                        valid++;
                    } else {
                        a[i] = notNumber(value, name, kind, from + i);
                    }
                }
            }
            case int[] a -> {
                for (int i = 0; i < n; i++) {
                    Object value = values.get(from + i);
                    if (value instanceof Integer v) {
                        a[i] = v;
                        bits[i >> 3] |= (byte) (1 << (i & 7));
                        valid++;
                    } else {
                        a[i] = notNumber(value, name, kind, from + i);
                    }
                }
            }
            default -> throw new IllegalStateException("no fixed-width column of " + into.getClass());
        }
        return n - valid;
    }

    /** A null's value (0); anything else than a number of the column's class is refused. */
    private static int notNumber(Object value, String name, ColumnKind kind, int row) {
        if (value == null) {
            return 0;
        }
        throw new IllegalArgumentException(
                "`" + name + "` holds a " + value.getClass().getName() + " at row " + row
                        + " among its " + kind.element.getSimpleName() + " values: make them all "
                        + kind.element.getSimpleName() + "s, or declare the field List<Number>");
    }

    private static void allValid(BlockWriter out, int bytes) throws IOException {
        for (int left = bytes; left > 0; left -= ALL_VALID.length) {
            out.write(ALL_VALID, 0, Math.min(left, ALL_VALID.length));
        }
    }
}
