package dev.cairn.testing.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The flows are only worth sharing if each is a valid graph; the modules above run, compile and deploy them. */
class CanonicalFlowsTest {
    @ParameterizedTest
    @ValueSource(
            classes = {
                LinearFlow.class,
                BranchFlow.class,
                ForeachFlow.class,
                GridFlow.class,
                BoundedFlow.class,
                CountryScoresFlow.class,
                FlakyFlow.class,
                FailingFlow.class,
                CaughtFlow.class,
                SlowFlow.class,
                GpuFlow.class
            })
    void eachFlowIsAValidGraphInProjectTestsFromStartToEnd(Class<? extends FlowSpec> flow) {
        FlowGraph graph = FlowGraph.of(flow);

        assertEquals("tests", graph.project());
        assertEquals(flow.getSimpleName(), graph.name());
        List<String> steps = graph.steps().stream().map(StepNode::name).toList();
        assertEquals(FlowGraph.START, steps.get(0));
        assertEquals(FlowGraph.END, steps.get(steps.size() - 1));
    }
}
