package dev.cairn.flow;

/**
 * Base class of every flow. Fields are the flow's artifacts (or parameters, with
 * {@link Parameter}); methods annotated with {@link Step} are its steps.
 *
 * <pre>{@code
 * @Flow(project = "demo")
 * public class Hello extends FlowSpec {
 *     @Parameter(help = "who to greet") String name = "world";
 *     List<String> greetings;
 *     String greeting;
 *
 *     @Step(next = "greet", foreach = "greetings")
 *     public void start() { greetings = List.of("hello", "hi"); }
 *
 *     @Step(next = "join")
 *     public void greet() { greeting = input(String.class) + " " + name; }
 *
 *     @Step(next = "end")
 *     public void join(Inputs<Hello> inputs) { greetings = inputs.stream().map(i -> i.greeting).toList(); }
 *
 *     @Step
 *     public void end() {}
 * }
 * }</pre>
 *
 * Every task gets a fresh instance holding the artifacts of the task before it; what a step
 * leaves in the fields is stored when it returns. Artifacts read from the datastore may be
 * immutable (lists and maps are): assign a new value rather than changing one in place.
 */
public abstract class FlowSpec {
    // Set by the runtime before a step runs; transient so they are never artifacts.
    private transient Object foreachInput;
    private transient boolean hasForeachInput;
    private transient int foreachIndex = -1;
    private transient Card card;
    private transient TaskInfo current;

    /**
     * The item this task handles, in the step a foreach fans out to. Keep what later steps need
     * of it in a field.
     *
     * @throws IllegalStateException in any other step, or when the item is not a {@code type}
     */
    protected final <T> T input(Class<T> type) {
        if (!hasForeachInput) {
            throw new IllegalStateException("input() is only available in the step a foreach fans out to;"
                    + " store the item in a field there to use it later");
        }
        if (foreachInput != null && !type.isInstance(foreachInput)) {
            throw new IllegalStateException(
                    "foreach item is a " + foreachInput.getClass().getName() + ", not a " + type.getName());
        }
        return type.cast(foreachInput);
    }

    /** Position of this task's item in the innermost enclosing foreach, from 0; -1 outside any foreach. */
    protected final int index() {
        return foreachIndex;
    }

    /** This task's part of the run's card: tables and charts drawn by {@code cairn card}. */
    protected final Card card() {
        if (card == null) {
            card = new Card();
        }
        return card;
    }

    /** The task this step runs as. @throws IllegalStateException outside a running step */
    protected final TaskInfo current() {
        if (current == null) {
            throw new IllegalStateException("current() is only available while a step runs");
        }
        return current;
    }
}
