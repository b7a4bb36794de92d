package dev.cairn.testing.flows;

import dev.cairn.flow.ColumnTable;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Numbers as ML steps pass them: an array, a numeric list and a table of columns, stored as Arrow. Values are
 * {@code i / 4.0} and the like, so sums are exact and a reader outside Cairn can be checked against them.
 */
@Flow(project = "tests")
public class NumericArtifactsFlow extends FlowSpec {
    /** Customers and what they spent: columns of one length. */
    @ColumnTable
    public record Spend(long[] customer, double[] amount, List<Integer> visits) {}

    @Parameter(help = "values in each artifact")
    int rows = 1000;

    double[] scores;
    List<Long> ids;
    Spend spend;
    double total;

    @Step(next = "end")
    public void start() {
        scores = IntStream.range(0, rows).mapToDouble(i -> i / 4.0).toArray();
        ids = IntStream.range(0, rows).mapToObj(i -> 1_000_000L + i).toList();
        spend = new Spend(
                IntStream.range(0, rows).mapToLong(i -> 1_000_000L + i).toArray(),
                IntStream.range(0, rows).mapToDouble(i -> i * 0.5).toArray(),
                IntStream.range(0, rows).mapToObj(i -> i % 7).toList());
    }

    /** Reads them back as the next step of a flow does. */
    @Step
    public void end() {
        total = java.util.Arrays.stream(scores).sum()
                + java.util.Arrays.stream(spend.amount()).sum();
    }

    /** {@code total} for {@code rows} values: sum of i/4 plus sum of i/2. */
    public static double expectedTotal(int rows) {
        double sum = rows * (rows - 1) / 2.0;
        return sum / 4 + sum / 2;
    }
}
