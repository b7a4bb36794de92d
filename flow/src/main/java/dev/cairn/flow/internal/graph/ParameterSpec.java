package dev.cairn.flow.internal.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A flow parameter as declared by its field.
 *
 * @param defaultValue the field's initial value; null when it has none
 */
public record ParameterSpec(
        String name, String field, Class<?> type, Object defaultValue, String help, boolean required) {

    /** Types a parameter may have. */
    public static boolean supported(Class<?> type) {
        return type == String.class
                || type.isEnum()
                || type == int.class
                || type == Integer.class
                || type == long.class
                || type == Long.class
                || type == double.class
                || type == Double.class
                || type == boolean.class
                || type == Boolean.class;
    }

    /** Short type name for help and errors. */
    public String typeName() {
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants())
                    .map(String::valueOf)
                    .toList()
                    .toString();
        }
        return type.isPrimitive() ? type.getName() : type.getSimpleName();
    }

    /**
     * Converts a value given as text (command line, execution input).
     *
     * @throws IllegalArgumentException saying which parameter, what was given and what is expected
     */
    public Object parse(String text) {
        try {
            if (type == String.class) {
                return text;
            } else if (type == int.class || type == Integer.class) {
                return Integer.parseInt(text.trim());
            } else if (type == long.class || type == Long.class) {
                return Long.parseLong(text.trim());
            } else if (type == double.class || type == Double.class) {
                double d = Double.parseDouble(text.trim());
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException(nonFinite(text));
                }
                return d;
            } else if (type == boolean.class || type == Boolean.class) {
                return switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1" -> true;
                    case "false", "no", "0" -> false;
                    default -> throw new NumberFormatException();
                };
            } else if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equalsIgnoreCase(text.trim())) {
                        return constant;
                    }
                }
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "parameter --" + name + " expects " + article() + typeName() + ", got '" + text + "'");
        }
        throw new IllegalArgumentException("parameter --" + name + " has unsupported type " + type.getName());
    }

    /**
     * A run's parameters are stored as JSON, which has no NaN or infinity, and a step's arithmetic would only
     * spread them: refused like any other value that is not a number.
     */
    private String nonFinite(String text) {
        boolean literal = text.trim().matches("(?i)[+-]?(nan|infinity)");
        return "parameter --" + name + " expects a double (a finite number), got '" + text + "'"
                + (literal ? "" : ", which is beyond a double's range (about ±1.8e308)");
    }

    /**
     * Refuses a default (the field's initial value) that no run could be given on the command line.
     *
     * @return the problem, or empty when the default is fine
     */
    public java.util.Optional<String> defaultProblem() {
        if (!required && defaultValue instanceof Double d && !Double.isFinite(d)) {
            return java.util.Optional.of("parameter `" + name + "` defaults to " + d
                    + ": a double parameter's default must be a finite number; give one, or make it"
                    + " @Parameter(required = true)");
        }
        return java.util.Optional.empty();
    }

    private String article() {
        return type.isEnum() ? "one of " : List.of("int", "Integer").contains(typeName()) ? "an " : "a ";
    }
}
