package dev.cairn.flow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets the run go on when a task still fails after its retries: the task counts as done and the
 * error is stored in the {@link StepError} artifact named by {@code var} (null when it succeeded).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Catch {
    /** Name of a {@code StepError} field of the flow that receives the error. */
    String var();
}
