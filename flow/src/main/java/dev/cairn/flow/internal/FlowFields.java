package dev.cairn.flow.internal;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Parameter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** Which fields of a flow class are its artifacts and which are its parameters. */
public final class FlowFields {
    private FlowFields() {}

    /** Instance fields that are neither static, transient nor parameters, made accessible. */
    public static List<Field> artifacts(Class<?> flowClass) {
        return fields(flowClass, false);
    }

    /** Fields annotated with {@link Parameter}, made accessible. */
    public static List<Field> parameters(Class<?> flowClass) {
        return fields(flowClass, true);
    }

    private static List<Field> fields(Class<?> flowClass, boolean parameters) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = flowClass; c != null && c != FlowSpec.class && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic()) {
                    continue;
                }
                if (f.isAnnotationPresent(Parameter.class) == parameters) {
                    f.setAccessible(true);
                    fields.add(f);
                }
            }
        }
        return fields;
    }
}
