package dev.cairn.flow.internal.graph;

import static dev.cairn.flow.internal.graph.InvalidFlows.assertOnlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import dev.cairn.flow.Timeout;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cloud cannot time out an attempt under 60 s, so no runtime accepts it: the rule is the graph's. */
class OneTimeoutRuleTest {

    public static class ThirtySeconds extends FlowSpec {
        @Timeout(seconds = 30)
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void aTimeoutUnderBatchsMinimumIsRefusedWhereverTheFlowRuns() {
        assertOnlyProblem(
                ThirtySeconds.class, "start", "@Timeout of 30 s", "the shortest is 60 s", "@Timeout(seconds = 60)");
    }

    public static class OneMinute extends FlowSpec {
        @Timeout(minutes = 1)
        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void aTimeoutOfExactlyTheMinimumIsKept() {
        assertEquals(
                Duration.ofSeconds(60),
                FlowGraph.of(OneMinute.class).step("start").settings().timeout().orElseThrow());
        assertEquals(Duration.ofSeconds(60), StepSettings.MIN_TIMEOUT);
    }
}
