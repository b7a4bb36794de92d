package dev.cairn.datastore.codec;

import org.apache.arrow.flatbuf.Precision;
import org.apache.arrow.flatbuf.Type;

/**
 * The kinds of column the Arrow codec stores: each a Java element type, its array, its width in bytes and its Arrow
 * type as the IPC metadata names it (a type id and a precision or a bit width). Arrow Java's own type objects are made
 * by the vector path ({@link ArrowWriting#arrowType}): loading them costs a cold JVM a tenth of a second or more,
 * which numeric columns do without.
 */
enum ColumnKind {
    DOUBLE(Double.class, double[].class, 8, Type.FloatingPoint, Precision.DOUBLE),
    FLOAT(Float.class, float[].class, 4, Type.FloatingPoint, Precision.SINGLE),
    LONG(Long.class, long[].class, 8, Type.Int, 64),
    INT(Integer.class, int[].class, 4, Type.Int, 32),
    BOOLEAN(Boolean.class, boolean[].class, 0, Type.Bool, 0),
    STRING(String.class, String[].class, 0, Type.Utf8, 0);

    final Class<?> element;
    final Class<?> array;
    /** Bytes per value of a fixed-width column; 0 for booleans (bits) and strings. */
    final int width;
    /** The Arrow type id ({@link Type}). */
    final byte typeId;
    /** A floating point column's {@link Precision}, an integer column's bit width. */
    final int size;

    ColumnKind(Class<?> element, Class<?> array, int width, byte typeId, int size) {
        this.element = element;
        this.array = array;
        this.width = width;
        this.typeId = typeId;
        this.size = size;
    }

    boolean fixedWidth() {
        return width > 0;
    }

    /** The kind whose elements are {@code type}; null for any other type. */
    static ColumnKind ofElement(Class<?> type) {
        for (ColumnKind kind : values()) {
            if (kind.element == type) {
                return kind;
            }
        }
        return null;
    }

    /** The kind of the primitive array type {@code type} (double[], float[], long[], int[]); null otherwise. */
    static ColumnKind ofArray(Class<?> type) {
        for (ColumnKind kind : values()) {
            if (kind.array == type && type.getComponentType().isPrimitive() && kind != BOOLEAN) {
                return kind;
            }
        }
        return null;
    }

    /**
     * The kind of a column of Arrow type {@code typeId} with precision or bit width {@code size} (signed, for
     * integers); null for any other.
     */
    static ColumnKind ofIpc(byte typeId, int size, boolean signed) {
        for (ColumnKind kind : values()) {
            if (kind.typeId == typeId && (kind.width == 0 || kind.size == size && (typeId != Type.Int || signed))) {
                return kind;
            }
        }
        return null;
    }

    Object newArray(int length) {
        return java.lang.reflect.Array.newInstance(array.getComponentType(), length);
    }
}
