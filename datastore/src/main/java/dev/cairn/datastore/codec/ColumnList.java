package dev.cairn.datastore.codec;

import java.util.AbstractList;
import java.util.BitSet;
import java.util.RandomAccess;

/**
 * A read-only list of numbers (or booleans, strings) kept in one primitive array, boxed one element at a time as it
 * is read: a {@code List<Double>} of 25 million values takes 200 MB rather than the 600 MB of boxed Doubles. What
 * the Arrow codec gives for list artifacts.
 */
public final class ColumnList<E> extends AbstractList<E> implements RandomAccess {
    private final Object values;
    private final int size;
    private final BitSet nulls;

    /**
     * @param values a {@code double[]}, {@code float[]}, {@code long[]}, {@code int[]}, {@code boolean[]} or
     *               {@code String[]}, owned by the list from now on
     * @param nulls  which elements are null; null when none is
     */
    ColumnList(Object values, int size, BitSet nulls) {
        this.values = values;
        this.size = size;
        this.nulls = nulls == null || nulls.isEmpty() ? null : nulls;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " of a list of " + size);
        }
        if (nulls != null && nulls.get(index)) {
            return null;
        }
        return (E)
                switch (values) {
                    case double[] a -> a[index];
                    case float[] a -> a[index];
                    case long[] a -> a[index];
                    case int[] a -> a[index];
                    case boolean[] a -> a[index];
                    case String[] a -> a[index];
                    default -> throw new IllegalStateException("not a column: " + values.getClass());
                };
    }

    @Override
    public int size() {
        return size;
    }

    /** The backing array, not to be changed; its elements past {@link #size()} mean nothing. */
    Object values() {
        return values;
    }

    boolean hasNulls() {
        return nulls != null;
    }
}
