package dev.cairn.flow.internal.graph;

import static dev.cairn.flow.internal.graph.InvalidFlows.assertOnlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A double parameter is a finite number, whichever way it reaches a run. */
class FiniteDoubleParameterTest {

    private static final ParameterSpec RATE = new ParameterSpec("rate", "rate", double.class, null, "", false);

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "+Infinity", "1e400", "-1e309"})
    void aValueThatIsNotAFiniteNumberIsRefusedNamingTheParameter(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RATE.parse(text));
        assertTrue(e.getMessage().startsWith("parameter --rate expects a double (a finite number)"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void aValueBeyondADoublesRangeSaysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RATE.parse("1e400"));
        assertTrue(e.getMessage().contains("beyond a double's range"), e.getMessage());
    }

    @Test
    void theLargestFiniteValuesAreKept() {
        assertEquals(Double.MAX_VALUE, RATE.parse("1.7976931348623157e308"));
        assertEquals(-Double.MIN_VALUE, RATE.parse("-4.9e-324"));
    }

    public static class InfiniteDefault extends FlowSpec {
        @Parameter
        double rate = Double.POSITIVE_INFINITY;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void aDefaultThatIsNotAFiniteNumberIsRefusedBeforeAnythingRuns() {
        assertOnlyProblem(InfiniteDefault.class, "rate", "defaults to Infinity", "finite number");
    }

    public static class RequiredWithoutDefault extends FlowSpec {
        @Parameter(required = true)
        Double rate = Double.NaN;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void aRequiredParametersInitialValueIsNoDefault() {
        assertTrue(FlowGraph.of(RequiredWithoutDefault.class).parameter("rate").isPresent());
    }
}
