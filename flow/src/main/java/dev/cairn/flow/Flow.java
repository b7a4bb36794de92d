package dev.cairn.flow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a flow and carries its flow-level settings.
 *
 * <pre>{@code
 * @Flow(project = "forecasting", schedule = "0 3 * * ? *")
 * public class CountryModels extends FlowSpec { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Flow {
    /** Project the flow belongs to; the datastore and the deployed stacks are namespaced by it. */
    String project() default "default";

    /** Cron schedule (EventBridge syntax) for deployed runs; empty means no schedule. */
    String schedule() default "";

    /**
     * Deployed flows (simple class names, same project and branch) whose successful runs start a
     * run of this one, with its default parameters. Empty means none.
     */
    String[] startAfter() default {};
}
