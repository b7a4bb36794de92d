package dev.cairn.cdk;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import dev.cairn.testing.flows.GpuFlow;

/** Flows the stack tests deploy. */
final class TestFlows {
    private TestFlows() {}

    /** The canonical GPU flow (a CPU step and a GPU step) deployed nightly, and after each run of Ingest. */
    @Flow(project = "demo", schedule = "0 3 * * ? *", startAfter = "Ingest")
    public static class Nightly extends GpuFlow {}

    /** Three foreaches deep without declared bounds: at the default 1,000 items each, beyond Step Functions' history. */
    @Flow(project = "demo")
    public static class Deep extends FlowSpec {
        java.util.List<String> a;
        java.util.List<String> b;
        java.util.List<String> c;

        @Step(foreach = "a", next = "one")
        public void start() {}

        @Step(foreach = "b", next = "two")
        public void one() {}

        @Step(foreach = "c", next = "three")
        public void two() {}

        @Step(next = "joinTwo")
        public void three() {}

        @Step(next = "joinOne")
        public void joinTwo(dev.cairn.flow.Inputs<Deep> inputs) {}

        @Step(next = "joinStart")
        public void joinOne(dev.cairn.flow.Inputs<Deep> inputs) {}

        @Step(next = "end")
        public void joinStart(dev.cairn.flow.Inputs<Deep> inputs) {}

        @Step
        public void end() {}
    }
}
