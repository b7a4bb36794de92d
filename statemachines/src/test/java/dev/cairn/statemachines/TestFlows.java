package dev.cairn.statemachines;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Resources;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;
import dev.cairn.flow.Timeout;
import java.util.List;

/** Small flows the compiler tests use. */
final class TestFlows {
    private TestFlows() {}

    @Flow(project = "demo")
    public static class Linear extends FlowSpec {
        @Parameter(help = "epochs")
        int epochs = 3;

        @Step(next = "train")
        public void start() {}

        @Step(next = "end")
        public void train() {}

        @Step
        public void end() {}
    }

    public static class Branch extends FlowSpec {
        @Step(next = {"left", "right"})
        public void start() {}

        @Step(next = "join")
        public void left() {}

        @Step(next = "join")
        public void right() {}

        @Step(next = "end")
        public void join(Inputs<Branch> inputs) {}

        @Step
        public void end() {}
    }

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

    public static class Foreach extends FlowSpec {
        List<String> items;

        @Step(foreach = "items", next = "work")
        public void start() {}

        @Step(next = "collect")
        public void work() {}

        @Step(next = "end")
        public void collect(Inputs<Foreach> inputs) {}

        @Step
        public void end() {}
    }

    public static class NestedForeach extends FlowSpec {
        List<String> countries;
        List<Integer> settings;

        @Step(foreach = "countries", next = "country")
        public void start() {}

        @Step(foreach = "settings", next = "train")
        public void country() {}

        @Step(next = "best")
        public void train() {}

        @Step(next = "summary")
        public void best(Inputs<NestedForeach> inputs) {}

        @Step(next = "end")
        public void summary(Inputs<NestedForeach> inputs) {}

        @Step
        public void end() {}
    }

    /** Three foreaches deep, each with a declared bound: 200 x 10 x 5 = 10,000 tasks at most. */
    public static class DeclaredBounds extends FlowSpec {
        List<String> regions;
        List<String> countries;
        List<Integer> settings;

        @Step(foreach = "regions", maxItems = 200, next = "region")
        public void start() {}

        @Step(foreach = "countries", maxItems = 10, next = "country")
        public void region() {}

        @Step(foreach = "settings", maxItems = 5, next = "train")
        public void country() {}

        @Step(next = "perCountry")
        public void train() {}

        @Step(next = "perRegion")
        public void perCountry(Inputs<DeclaredBounds> inputs) {}

        @Step(next = "all")
        public void perRegion(Inputs<DeclaredBounds> inputs) {}

        @Step(next = "end")
        public void all(Inputs<DeclaredBounds> inputs) {}

        @Step
        public void end() {}
    }

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

    public static class Settings extends FlowSpec {
        @Step(next = "train")
        public void start() {}

        @Resources(cpu = 8, memoryMb = 32768, gpu = 1)
        @Retry(times = 2, backoffSeconds = 5)
        @Timeout(hours = 1)
        @Step(next = "report")
        public void train() {}

        @Resources(cpu = 2, memoryMb = 8192, queue = "spot")
        @Step(next = "end")
        public void report() {}

        @Step
        public void end() {}
    }

    public static class ShortTimeout extends FlowSpec {
        @Timeout(seconds = 30)
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    public static class UnknownQueue extends FlowSpec {
        @Resources(queue = "nowhere")
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }
}
