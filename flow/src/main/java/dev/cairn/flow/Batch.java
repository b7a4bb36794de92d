package dev.cairn.flow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How the tasks of a foreach step are packed into AWS Batch jobs: each child of the step's array job runs
 * {@code tasksPerChild} consecutive tasks, as many at a time as its {@link Resources#cpu()}, each task still its own
 * record, attempt and log. Locally it is recorded and shown; every task runs in the one JVM anyway.
 *
 * <pre>{@code
 * @Step(next = "join")
 * @Batch(tasksPerChild = 1)   // tasks of many minutes each: one container per task
 * public void train() { ... }
 * }</pre>
 *
 * Without it, or with {@code tasksPerChild = 0}, the plan picks: at most 100 tasks per child, and fewer when the
 * step has under 10,000 tasks, so that it still spreads over at least 100 children (see {@code
 * StepSettings#tasksPerChildFor(long)}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Batch {
    /** Tasks per array child, 1..10,000; 0 (the default) lets the plan pick from the step's size. */
    int tasksPerChild() default 0;
}
