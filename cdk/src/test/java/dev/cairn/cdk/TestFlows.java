package dev.cairn.cdk;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Resources;
import dev.cairn.flow.Step;

/** Flows the stack tests deploy. */
final class TestFlows {
    private TestFlows() {}

    /** A nightly flow with a CPU step and a GPU step. */
    @Flow(project = "demo", schedule = "0 3 * * ? *", startAfter = "Ingest")
    public static class Nightly extends FlowSpec {
        @Step(next = "train")
        public void start() {}

        @Resources(cpu = 8, memoryMb = 30_000, gpu = 1)
        @Step(next = "end")
        public void train() {}

        @Step
        public void end() {}
    }
}
