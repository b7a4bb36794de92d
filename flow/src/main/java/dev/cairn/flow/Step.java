package dev.cairn.flow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a step and declares where the flow goes next, so the whole graph is known
 * from the class without running anything.
 *
 * <ul>
 *   <li>{@code @Step(next = "train")}: linear.</li>
 *   <li>{@code @Step(next = {"a", "b"})}: branch, the targets run in parallel.</li>
 *   <li>{@code @Step(foreach = "countries", next = "country")}: one task of {@code country}
 *       per item of the list artifact {@code countries}; {@code maxItems = 200} bounds the list,
 *       which the cloud deployment sizes its state machine by.</li>
 *   <li>{@code @Step} with no {@code next}: only the step named {@code end}.</li>
 * </ul>
 * A step that closes a branch or foreach is a join: it takes one {@link Inputs} parameter.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Step {
    /** Steps that follow this one: one for linear or foreach, several for a branch. */
    String[] next() default {};

    /** Name of a list artifact to fan out over; requires exactly one {@link #next()}. */
    String foreach() default "";

    /**
     * With {@link #foreach()}: the most items the list may hold. The cloud compiler sizes the state
     * machine's worst case with it (Step Functions allows 25,000 history events per execution), and
     * a run whose list is longer fails at this step, naming the bound. 0 (the default) declares
     * none: the deployment's default bound (1,000) applies.
     */
    int maxItems() default 0;
}
