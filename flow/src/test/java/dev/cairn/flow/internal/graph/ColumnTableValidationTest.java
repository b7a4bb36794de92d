package dev.cairn.flow.internal.graph;

import static dev.cairn.flow.internal.graph.InvalidFlows.assertOnlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.flow.ColumnTable;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A @ColumnTable record's components must all be columns: what is not is named before anything runs. */
class ColumnTableValidationTest {
    @ColumnTable
    record Features(long[] id, double[] spend, float[] score, int[] calls, List<Double> rate, List<String> country) {}

    @ColumnTable
    record Labelled(double[] value, String label) {}

    public static class Columns extends FlowSpec {
        Features features;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    public static class NotAColumn extends FlowSpec {
        Labelled labelled;

        @Step(next = "end")
        public void start() {}

        @Step
        public void end() {}
    }

    @Test
    void aRecordOfArraysAndListsIsATable() {
        assertEquals(1, FlowGraph.of(Columns.class).artifacts().size());
    }

    @Test
    void aComponentThatIsNotAColumnIsNamedWithTheFix() {
        assertOnlyProblem(
                NotAColumn.class,
                "labelled",
                "record Labelled component `label` is String",
                "not a column",
                "drop @ColumnTable");
    }
}
