package dev.cairn.flow.internal.graph;

import static dev.cairn.flow.internal.graph.InvalidFlows.assertOnlyProblem;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A foreach needs a step per item before its join: the runtimes have nothing to hand the join otherwise. */
class ForeachToItsJoinTest {

    public static class ForeachStraightToJoin extends FlowSpec {
        List<String> items;

        @Step(foreach = "items", next = "join")
        public void start() {
            items = List.of("a", "b");
        }

        @Step(next = "end")
        public void join(Inputs<ForeachStraightToJoin> inputs) {}

        @Step
        public void end() {}
    }

    @Test
    void aForeachWhoseTargetIsItsJoinIsRefused() {
        assertOnlyProblem(
                ForeachStraightToJoin.class,
                "start",
                "fans out over `items` straight to its join `join`",
                "add that step",
                "next = \"<per-item step>\"");
    }

    public static class InnerForeachStraightToJoin extends FlowSpec {
        List<String> countries;
        List<Integer> settings;

        @Step(foreach = "countries", next = "country")
        public void start() {}

        @Step(foreach = "settings", next = "best")
        public void country() {}

        @Step(next = "all")
        public void best(Inputs<InnerForeachStraightToJoin> inputs) {}

        @Step(next = "end")
        public void all(Inputs<InnerForeachStraightToJoin> inputs) {}

        @Step
        public void end() {}
    }

    @Test
    void aNestedForeachWhoseTargetIsItsJoinIsRefused() {
        assertOnlyProblem(
                InnerForeachStraightToJoin.class, "country", "fans out over `settings` straight to its join `best`");
    }
}
