package dev.cairn.runtime.local;

import dev.cairn.flow.Catch;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;
import dev.cairn.flow.StepError;
import dev.cairn.flow.Timeout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Small flows that exercise each kind of transition and each step setting. */
final class TestFlows {
    private TestFlows() {}

    /** Nested foreach: a x b tasks, joined twice. */
    @Flow(project = "tests")
    public static class Grid extends FlowSpec {
        @Parameter(help = "outer width")
        int outer = 3;

        @Parameter(help = "inner width")
        int inner = 4;

        List<Integer> rows;
        List<Integer> cols;
        int row;
        int cell;
        List<Integer> rowCells;
        Map<String, List<Integer>> table;

        @Step(next = "row", foreach = "rows")
        public void start() {
            rows = new ArrayList<>();
            for (int i = 0; i < outer; i++) {
                rows.add(i);
            }
        }

        @Step(next = "cell", foreach = "cols")
        public void row() {
            row = input(Integer.class);
            cols = new ArrayList<>();
            for (int j = 0; j < inner; j++) {
                cols.add(j);
            }
        }

        @Step(next = "joinRow")
        public void cell() {
            cell = row * 100 + input(Integer.class);
            System.out.println("cell " + cell);
        }

        @Step(next = "joinAll")
        public void joinRow(Inputs<Grid> inputs) {
            rowCells = inputs.stream().map(i -> i.cell).toList();
            row = inputs.get(0).row;
        }

        @Step(next = "end")
        public void joinAll(Inputs<Grid> inputs) {
            table = new TreeMap<>();
            for (Grid g : inputs) {
                table.put("r" + g.row, g.rowCells);
            }
        }

        @Step
        public void end() {}
    }

    /** Branch with both arms joined and artifacts merged. */
    @Flow(project = "tests")
    public static class Fork extends FlowSpec {
        String shared;
        int left;
        int right;
        int sum;

        @Step(next = {"a", "b"})
        public void start() {
            shared = "same";
        }

        @Step(next = "join")
        public void a() {
            left = 1;
        }

        @Step(next = "join")
        public void b() {
            right = 2;
        }

        @Step(next = "end")
        public void join(Inputs<Fork> inputs) {
            inputs.mergeArtifacts(this, "left", "right");
            sum = inputs.from("a").left + inputs.from("b").right;
        }

        @Step
        public void end() {}
    }

    static final AtomicInteger FLAKY_CALLS = new AtomicInteger();

    /** Fails twice, then succeeds: needs its retries. */
    @Flow(project = "tests")
    public static class Flaky extends FlowSpec {
        int attempts;

        @Step(next = "end")
        @Retry(times = 2, backoffSeconds = 0)
        public void start() {
            attempts = FLAKY_CALLS.incrementAndGet();
            if (attempts < 3) {
                throw new IllegalStateException("flaky failure " + attempts);
            }
        }

        @Step
        public void end() {}
    }

    /** Always fails in `boom`, once retried. */
    @Flow(project = "tests")
    public static class Broken extends FlowSpec {
        @Step(next = "boom")
        public void start() {}

        @Step(next = "end")
        @Retry(times = 1, backoffSeconds = 0)
        public void boom() {
            System.err.println("about to fail");
            throw new ArithmeticException("model diverged");
        }

        @Step
        public void end() {}
    }

    /** Fails, but under @Catch the run goes on. */
    @Flow(project = "tests")
    public static class Caught extends FlowSpec {
        StepError failure;
        String after;

        @Step(next = "risky")
        public void start() {}

        @Step(next = "end")
        @Catch(var = "failure")
        public void risky() {
            throw new IllegalArgumentException("bad row 7");
        }

        @Step
        public void end() {
            after = failure == null ? "no error" : "saw " + failure.message();
        }
    }

    /** Sleeps past its timeout, the shortest there is (Batch's 60 s, the same locally). */
    @Flow(project = "tests")
    public static class Slow extends FlowSpec {
        @Step(next = "end")
        @Timeout(seconds = 60)
        public void start() throws InterruptedException {
            Thread.sleep(600_000);
        }

        @Step
        public void end() {}
    }
}
