package dev.cairn.datastore.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where a declared type says {@code Object} ({@code Map<String, Object>}, {@code List<Object>}), JSON reads back
 * strings, numbers, booleans, lists and maps with string keys. A record, an enum, a set, an array, an Optional or a
 * java.time value written there would silently come back as something else (a record as a Map), so it is refused
 * when it is written, naming where it is.
 */
final class UntypedValues {
    private static final int MAX_DEPTH = 64;

    private UntypedValues() {}

    /** @throws IllegalArgumentException naming the first value that would not come back as it was */
    static void check(Object value, JavaType declared, TypeFactory types) {
        new Walk(types).typed(value, declared, "", 0);
    }

    private record Walk(TypeFactory types) {
        void typed(Object value, JavaType type, String path, int depth) {
            if (value == null || depth > MAX_DEPTH) {
                return;
            }
            Class<?> raw = type.getRawClass();
            if (raw == Object.class) {
                untyped(value, path, depth);
            } else if (type.isContainerType() && type.getContentType() != null && value instanceof Collection<?> c) {
                int i = 0;
                for (Object element : c) {
                    typed(element, type.getContentType(), path + "[" + i++ + "]", depth + 1);
                }
            } else if (type.isMapLikeType() && value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    typed(e.getValue(), type.getContentType(), path + "[" + quoted(e.getKey()) + "]", depth + 1);
                }
            } else if (type.isArrayType() && !type.getContentType().isPrimitive()) {
                for (int i = 0; i < Array.getLength(value); i++) {
                    typed(Array.get(value, i), type.getContentType(), path + "[" + i + "]", depth + 1);
                }
            } else if (type.isReferenceType() && value instanceof java.util.Optional<?> optional) {
                typed(optional.orElse(null), type.getContentType(), path, depth + 1);
            } else if (value.getClass().isRecord()) {
                // a sealed interface's value is one of its records: walk that record's components
                JavaType recordType = raw == value.getClass() ? type : types.constructType(value.getClass());
                for (RecordComponent component : value.getClass().getRecordComponents()) {
                    JavaType componentType =
                            types.resolveMemberType(component.getGenericType(), recordType.getBindings());
                    typed(read(component, value), componentType, path + "." + component.getName(), depth + 1);
                }
            }
        }

        void untyped(Object value, String path, int depth) {
            if (value == null
                    || value instanceof String
                    || value instanceof Boolean
                    || value instanceof Number
                    || depth > MAX_DEPTH) {
                return;
            }
            if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    untyped(list.get(i), path + "[" + i + "]", depth + 1);
                }
                return;
            }
            if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String)) {
                        refuse(e.getKey(), path + " (a key)", "a String key");
                    }
                    untyped(e.getValue(), path + "[" + quoted(e.getKey()) + "]", depth + 1);
                }
                return;
            }
            refuse(value, path, readBackAs(value));
        }

        private static String readBackAs(Object value) {
            if (value.getClass().isRecord() || value instanceof java.util.Optional<?>) {
                return "a Map or null";
            }
            if (value instanceof Collection<?> || value.getClass().isArray()) {
                return "a List";
            }
            return "a String";
        }

        private static void refuse(Object value, String path, String readBack) {
            String kind = value.getClass().isRecord() ? "record " : value instanceof Enum<?> ? "enum " : "";
            throw new IllegalArgumentException(
                    "it holds " + kind + value.getClass().getName() + " at "
                            + (path.isEmpty() ? "its top" : path)
                            + ", where its type says Object: it would be read back as "
                            + readBack + ". Declare the type there (e.g. Map<String, "
                            + value.getClass().getSimpleName()
                            + "> rather than Map<String, Object>), or keep to strings, numbers, booleans, lists and maps there");
        }

        private static String quoted(Object key) {
            return key instanceof String s ? "\"" + s + "\"" : String.valueOf(key);
        }

        private static Object read(RecordComponent component, Object record) {
            try {
                component.getAccessor().setAccessible(true);
                return component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }
    }
}
