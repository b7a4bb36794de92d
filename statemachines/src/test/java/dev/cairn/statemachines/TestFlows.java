package dev.cairn.statemachines;

import dev.cairn.flow.Batch;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Resources;
import dev.cairn.flow.Step;
import dev.cairn.flow.Timeout;
import java.util.List;

/** Step settings only the compiler's tests need; the flows of every shape come from cairn-test-flows. */
final class TestFlows {
    private TestFlows() {}

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

    /** Array children of 10 tasks on 2 vCPUs, each task held to 2 minutes. */
    public static class ChunkedWithTimeout extends FlowSpec {
        List<Integer> items;

        @Step(foreach = "items", next = "train")
        public void start() {}

        @Batch(tasksPerChild = 10)
        @Resources(cpu = 2)
        @Timeout(minutes = 2)
        @Step(next = "join")
        public void train() {}

        @Step(next = "end")
        public void join(Inputs<ChunkedWithTimeout> inputs) {}

        @Step
        public void end() {}
    }
}
