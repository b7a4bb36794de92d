package dev.cairn.runtime.task;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.ParameterSpec;
import java.lang.reflect.Field;
import java.util.Map;

/** Creates flow instances for tasks and sets what the runtime owns: parameters and the foreach item. */
final class FlowInstances {
    private static final Field INPUT = field("foreachInput");
    private static final Field HAS_INPUT = field("hasForeachInput");
    private static final Field INDEX = field("foreachIndex");
    private static final Field CURRENT = field("current");

    private FlowInstances() {}

    static FlowSpec create(FlowGraph graph, Map<String, Object> parameters) throws ReflectiveOperationException {
        var constructor = graph.flowClass().getDeclaredConstructor();
        constructor.setAccessible(true);
        FlowSpec flow = constructor.newInstance();
        for (ParameterSpec p : graph.parameters()) {
            Object value = parameters.get(p.name());
            if (value != null) {
                Field f = field(graph.flowClass(), p.field());
                f.set(flow, boxed(p.type()).isInstance(value) ? value : p.parse(String.valueOf(value)));
            }
        }
        return flow;
    }

    static void setCurrent(FlowSpec flow, dev.cairn.flow.TaskInfo current) throws IllegalAccessException {
        CURRENT.set(flow, current);
    }

    static void setForeach(FlowSpec flow, int index, boolean hasInput, Object input) throws IllegalAccessException {
        INDEX.setInt(flow, index);
        HAS_INPUT.setBoolean(flow, hasInput);
        INPUT.set(flow, input);
    }

    // values read back from JSON may be an Integer where a long is declared: those are parsed again
    private static Class<?> boxed(Class<?> type) {
        return type.isPrimitive()
                ? java.lang.invoke.MethodType.methodType(type).wrap().returnType()
                : type;
    }

    static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name + " in " + type.getName());
    }

    private static Field field(String name) {
        try {
            return field(FlowSpec.class, name);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
