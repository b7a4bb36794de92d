package dev.cairn.datastore.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.formats.Json;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Plain data as JSON: strings, numbers, booleans, enums, {@code java.time} values, {@code Optional}, records,
 * lists, sets, maps and arrays of those, and records of a sealed interface (stored with their simple name). JSON
 * because every language reads it and it decodes only into the types the reader names (the field's declared
 * type), which makes it safe to read data written by anyone. Which types round-trip is checked when the flow is
 * validated ({@code ArtifactTypes} in flow); where a declared type says {@code Object}, the value is checked here
 * ({@link UntypedValues}).
 */
public final class JsonCodec implements ArtifactCodec {
    public static final String ID = "json";
    private static final int MAX_DEPTH = 64;

    private final ObjectMapper mapper = Json.ARTIFACTS;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean canEncode(Object value) {
        return plainData(value, 0);
    }

    @Override
    public byte[] encode(Object value) throws IOException {
        return mapper.writeValueAsBytes(value);
    }

    /** Written as {@code declared}, so that a record of a sealed interface carries its name. */
    @Override
    public byte[] encode(Object value, Type declared) throws IOException {
        JavaType type = mapper.getTypeFactory().constructType(declared);
        UntypedValues.check(value, type, mapper.getTypeFactory());
        return mapper.writerFor(type).writeValueAsBytes(value);
    }

    @Override
    public Object decode(byte[] bytes, Type type) throws IOException {
        JavaType javaType = mapper.getTypeFactory().constructType(type == null ? Object.class : type);
        return mapper.readValue(bytes, javaType);
    }

    private static boolean plainData(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        if (value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Character
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Double
                || value instanceof Float
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigDecimal
                || value instanceof BigInteger
                || value instanceof Enum<?>
                || value instanceof OptionalInt
                || value instanceof OptionalLong
                || value instanceof OptionalDouble
                || value instanceof TemporalAccessor
                        && value.getClass().getPackageName().equals("java.time")
                || value instanceof TemporalAmount
                        && value.getClass().getPackageName().equals("java.time")) {
            return true;
        }
        if (value instanceof Optional<?> optional) {
            return optional.isEmpty() || plainData(optional.get(), depth + 1);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().allMatch(e -> plainData(e, depth + 1));
        }
        if (value instanceof Map<?, ?> m) {
            return m.entrySet().stream()
                    .allMatch(e -> (e.getKey() instanceof String
                                    || e.getKey() instanceof Enum<?>
                                    || e.getKey() instanceof Number)
                            && plainData(e.getValue(), depth + 1));
        }
        Class<?> type = value.getClass();
        if (type.isArray()) {
            if (type.getComponentType().isPrimitive()) {
                return true;
            }
            for (int i = 0; i < Array.getLength(value); i++) {
                if (!plainData(Array.get(value, i), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                try {
                    component.getAccessor().setAccessible(true);
                    if (!plainData(component.getAccessor().invoke(value), depth + 1)) {
                        return false;
                    }
                } catch (ReflectiveOperationException e) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
