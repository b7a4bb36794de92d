package dev.cairn.statemachines;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Resources;
import dev.cairn.flow.Step;
import dev.cairn.flow.Timeout;
import java.util.List;

/** Shapes and settings only the compiler's tests need; the common flows come from cairn-test-flows. */
final class TestFlows {
    private TestFlows() {}

    /** A branch one of whose arms goes straight to the join. */
    public static class ArmToJoin extends FlowSpec {
        @Step(next = {"work", "join"})
        public void start() {}

        @Step(next = "join")
        public void work() {}

        @Step(next = "end")
        public void join(Inputs<ArmToJoin> inputs) {}

        @Step
        public void end() {}
    }

    /** A branch inside each task of a foreach: a Parallel state in a Map's item processor. */
    public static class BranchInForeach extends FlowSpec {
        List<String> items;

        @Step(foreach = "items", next = "process")
        public void start() {}

        @Step(next = {"fast", "slow"})
        public void process() {}

        @Step(next = "pick")
        public void fast() {}

        @Step(next = "pick")
        public void slow() {}

        @Step(next = "collect")
        public void pick(Inputs<BranchInForeach> inputs) {}

        @Step(next = "end")
        public void collect(Inputs<BranchInForeach> inputs) {}

        @Step
        public void end() {}
    }

    /** A timeout below Batch's shortest attempt timeout. */
    public static class ShortTimeout extends FlowSpec {
        @Timeout(seconds = 30)
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    /** A step on the named queue {@code spot}, which only a deployment that defines it can compile. */
    public static class SpotQueue extends FlowSpec {
        @Step(next = "report")
        public void start() {}

        @Resources(cpu = 2, memoryMb = 8192, queue = "spot")
        @Step(next = "end")
        public void report() {}

        @Step
        public void end() {}
    }
}
