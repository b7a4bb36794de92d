package dev.cairn.flow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A run parameter: a field set from the command line ({@code --countries 200}) or the
 * execution input, recorded with the run. The field's initial value is the default.
 * Supported types: {@code String}, {@code int}, {@code long}, {@code double}, {@code boolean}
 * (and their boxed forms) and enums.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Parameter {
    /** Name on the command line; defaults to the field name. */
    String name() default "";

    /** One line shown by {@code --help}. */
    String help() default "";

    /** A required parameter has no default: runs without it are refused. */
    boolean required() default false;
}
