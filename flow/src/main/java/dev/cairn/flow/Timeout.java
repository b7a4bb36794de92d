package dev.cairn.flow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Fails an attempt that runs longer than the sum of the given units. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Timeout {
    int seconds() default 0;

    int minutes() default 0;

    int hours() default 0;
}
