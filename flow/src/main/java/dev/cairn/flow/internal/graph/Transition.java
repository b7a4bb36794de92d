package dev.cairn.flow.internal.graph;

import java.util.List;

/** Where the flow goes after a step. */
public sealed interface Transition {

    /** The steps that follow, in declaration order. */
    List<String> targets();

    /** One next step. */
    record Linear(String next) implements Transition {
        public List<String> targets() {
            return List.of(next);
        }
    }

    /** Several next steps, run in parallel, closed later by one join. */
    record Branch(List<String> next) implements Transition {
        public Branch {
            next = List.copyOf(next);
        }

        public List<String> targets() {
            return next;
        }
    }

    /**
     * One task of {@code next} per item of the list artifact {@code artifact}.
     *
     * @param maxItems the declared bound on the list's size ({@code @Step(maxItems)}); 0 when none is declared
     */
    record Foreach(String artifact, String next, int maxItems) implements Transition {
        public Foreach(String artifact, String next) {
            this(artifact, next, 0);
        }

        /** The declared bound, if any. */
        public java.util.OptionalInt declaredMaxItems() {
            return maxItems > 0 ? java.util.OptionalInt.of(maxItems) : java.util.OptionalInt.empty();
        }

        public List<String> targets() {
            return List.of(next);
        }
    }

    /** The end step: nothing follows. */
    record End() implements Transition {
        public List<String> targets() {
            return List.of();
        }
    }
}
