package dev.cairn.flow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Retries a failing task: {@code times} more attempts, waiting {@code backoffSeconds * 2^n}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Retry {
    /** Extra attempts after the first; 0..10. */
    int times() default 3;

    /** Wait before the first retry; doubles on each further retry. 0 retries at once. */
    int backoffSeconds() default 2;
}
