package dev.cairn.datastore.codec;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decoded artifact values made read-only where possible. A value that is deeply immutable can be
 * shared by every task that inherits it (decoded once) and, if a step leaves it untouched, kept
 * without encoding it again: that is what keeps a 20,000-task foreach cheap.
 *
 * @param value     the value, with lists, sets and maps wrapped read-only
 * @param immutable whether nothing reachable from it can change
 */
public record Frozen(Object value, boolean immutable) {
    private static final int MAX_DEPTH = 64;

    public static Frozen of(Object value) {
        return freeze(value, 0);
    }

    private static Frozen freeze(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            return new Frozen(value, false);
        }
        if (scalar(value)) {
            return new Frozen(value, true);
        }
        if (value instanceof ColumnList<?> column) {
            return new Frozen(column, true); // read-only, and its elements are numbers, booleans or strings
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            boolean immutable = freezeInto(list, copy, depth);
            return new Frozen(Collections.unmodifiableList(copy), immutable);
        }
        if (value instanceof Set<?> set) {
            Set<Object> copy = new LinkedHashSet<>();
            boolean immutable = freezeInto(set, copy, depth);
            return new Frozen(Collections.unmodifiableSet(copy), immutable);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            boolean immutable = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Frozen f = freeze(e.getValue(), depth + 1);
                immutable &= f.immutable && scalar(e.getKey());
                copy.put(e.getKey(), f.value);
            }
            return new Frozen(Collections.unmodifiableMap(copy), immutable);
        }
        if (value.getClass().isRecord()) {
            return new Frozen(value, recordImmutable(value, depth));
        }
        if (value instanceof Optional<?> optional) {
            return new Frozen(value, optional.isEmpty() || immutable(optional.get(), depth + 1));
        }
        return new Frozen(value, false);
    }

    private static boolean freezeInto(Collection<?> from, Collection<Object> into, int depth) {
        boolean immutable = true;
        for (Object e : from) {
            Frozen f = freeze(e, depth + 1);
            immutable &= f.immutable;
            into.add(f.value);
        }
        return immutable;
    }

    private static boolean recordImmutable(Object record, int depth) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                component.getAccessor().setAccessible(true);
                if (!immutable(component.getAccessor().invoke(record), depth + 1)) {
                    return false;
                }
            } catch (ReflectiveOperationException e) {
                return false;
            }
        }
        return true;
    }

    /** Whether nothing reachable from a value found inside a record or an Optional can change. */
    private static boolean immutable(Object v, int depth) {
        if (scalar(v)) {
            return true;
        }
        if (depth >= MAX_DEPTH) {
            return false;
        }
        if (v.getClass().isRecord()) {
            return recordImmutable(v, depth);
        }
        return v instanceof Optional<?> optional && (optional.isEmpty() || immutable(optional.get(), depth + 1));
    }

    /** Values that cannot change: java.time's are immutable value classes, as are the optional primitives. */
    private static boolean scalar(Object v) {
        return v == null
                || v instanceof String
                || v instanceof Boolean
                || v instanceof Character
                || v instanceof Integer
                || v instanceof Long
                || v instanceof Double
                || v instanceof Float
                || v instanceof Short
                || v instanceof Byte
                || v instanceof BigDecimal
                || v instanceof BigInteger
                || v instanceof Enum<?>
                || v instanceof OptionalInt
                || v instanceof OptionalLong
                || v instanceof OptionalDouble
                || v.getClass().getPackageName().equals("java.time");
    }
}
