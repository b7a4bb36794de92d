package dev.cairn.testing.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Resources;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;
import dev.cairn.flow.Timeout;

/**
 * A GPU step between two plain ones: {@code train} asks for 8 CPUs, 32 GiB and a GPU, with two retries and a
 * one-hour timeout, so it compiles to the GPU queue and a job definition of its own. Not final: a deployment test may
 * declare a subclass with its own {@code @Flow} (a schedule, an upstream flow).
 */
@Flow(project = "tests")
public class GpuFlow extends FlowSpec {
    @Step(next = "train")
    public void start() {}

    @Resources(cpu = 8, memoryMb = 32_768, gpu = 1)
    @Retry(times = 2, backoffSeconds = 5)
    @Timeout(hours = 1)
    @Step(next = "end")
    public void train() {}

    @Step
    public void end() {}
}
