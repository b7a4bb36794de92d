package dev.cairn.datastore.codec;

import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** The kinds of column the Arrow codec stores: each a Java element type, its array and its Arrow type. */
enum ColumnKind {
    DOUBLE(Double.class, double[].class, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
    FLOAT(Float.class, float[].class, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
    LONG(Long.class, long[].class, new ArrowType.Int(64, true)),
    INT(Integer.class, int[].class, new ArrowType.Int(32, true)),
    BOOLEAN(Boolean.class, boolean[].class, ArrowType.Bool.INSTANCE),
    STRING(String.class, String[].class, ArrowType.Utf8.INSTANCE);

    final Class<?> element;
    final Class<?> array;
    final ArrowType arrow;

    ColumnKind(Class<?> element, Class<?> array, ArrowType arrow) {
        this.element = element;
        this.array = array;
        this.arrow = arrow;
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

    static ColumnKind ofArrow(ArrowType type) {
        for (ColumnKind kind : values()) {
            if (kind.arrow.equals(type)) {
                return kind;
            }
        }
        return null;
    }

    Object newArray(int length) {
        return java.lang.reflect.Array.newInstance(array.getComponentType(), length);
    }
}
