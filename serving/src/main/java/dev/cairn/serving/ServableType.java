package dev.cairn.serving;

import dev.cairn.flow.serving.Predictor;

/**
 * Whether an artifact's type can be served: it must implement {@link Predictor} or {@link Predictor.Source}.
 * Checked on the class name alone, before any bytes are decoded into it.
 */
final class ServableType {
    private static final String IMPLEMENT = "make it implement " + Predictor.class.getName()
            + " (features(), predict(rows)) or Predictor.Source (predictor())";

    private ServableType() {}

    /**
     * The class named {@code typeName}, loaded (not initialised) by {@code loader}.
     *
     * @param what the artifact, for messages: {@code artifact `best` of task CountryModels/.../0-0}
     * @throws IllegalArgumentException when the class is not there or implements neither interface
     */
    static Class<?> require(String typeName, ClassLoader loader, String what) {
        if (typeName == null || typeName.contains("<") || typeName.contains("[")) {
            throw notServable(what, typeName);
        }
        Class<?> type;
        try {
            type = Class.forName(typeName, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            if (typeName.indexOf('.') < 0) {
                throw notServable(what, typeName); // a primitive: double, int, ...
            }
            throw new IllegalArgumentException(
                    what + " is a " + typeName + ", which is not on the classpath here: add the"
                            + " flow's jar or classes (CAIRN_CLASSPATH for the cli, the image's classpath for the server)");
        }
        if (!Predictor.class.isAssignableFrom(type) && !Predictor.Source.class.isAssignableFrom(type)) {
            throw notServable(what, typeName);
        }
        return type;
    }

    private static IllegalArgumentException notServable(String what, String typeName) {
        return new IllegalArgumentException(what + " is a " + typeName + ", which cannot be served: " + IMPLEMENT);
    }

    /** The predictor a decoded value stands for. */
    static Predictor predictor(Object value, String what) {
        Predictor predictor = switch (value) {
            case Predictor p -> p;
            case Predictor.Source source -> source.predictor();
            case null -> throw new IllegalArgumentException(what + " is null: there is no model to serve");
            default -> throw notServable(what, value.getClass().getName());
        };
        if (predictor == null || predictor.features() == null) {
            throw new IllegalArgumentException(what + ": " + value.getClass().getName()
                    + (predictor == null ? ".predictor() returned null" : " has no features(): it returned null"));
        }
        return predictor;
    }
}
