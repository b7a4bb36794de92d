package dev.cairn.client;

import dev.cairn.datastore.RunRecord;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Small flows to read back with the client and the CLI (shared by their tests). */
public final class SampleFlows {
    public static final String BRANCH = "test.client";
    static final List<String> COUNTRIES = List.of("DE", "FR", "IT", "ES", "NL");

    private SampleFlows() {}

    /** Runs {@code flow} into the datastore at {@code root}, on {@link #BRANCH}. */
    public static RunRecord run(Path root, Class<? extends FlowSpec> flow, Map<String, String> parameters)
            throws Exception {
        RunOptions options =
                RunOptions.defaults().withDatastore(root).withBranch(BRANCH).withMaxWorkers(4);
        return LocalRuntime.run(FlowGraph.of(flow), parameters, options);
    }

    /** One country's best model. */
    public record CountryScore(String country, String model, double score) {}

    /** A foreach over countries, then a join that keeps each country's best model: the shape of CountryModels. */
    @Flow(project = "clienttests")
    public static class CountryScores extends FlowSpec {
        @Parameter(help = "how many countries")
        int countries = 3;

        List<String> codes;
        byte[] weights;
        String note;
        String country;
        double score;
        List<CountryScore> best;
        Map<String, Double> scoreByCountry;

        @Step(next = "train", foreach = "codes")
        public void start() {
            codes = COUNTRIES.subList(0, countries);
            weights = new byte[] {1, 2, 3, 4};
            note = "scores per country";
        }

        @Step(next = "collect")
        public void train() {
            country = input(String.class);
            score = 0.5 + 0.125 * index();
            System.out.println("training " + country);
            System.err.println("warning for " + country);
        }

        @Step(next = "end")
        public void collect(Inputs<CountryScores> inputs) {
            best = new ArrayList<>();
            scoreByCountry = new TreeMap<>();
            for (CountryScores in : inputs) {
                best.add(new CountryScore(in.country, in.score > 0.6 ? "forest" : "linear", in.score));
                scoreByCountry.put(in.country, in.score);
            }
        }

        @Step
        public void end() {}
    }

    public static final AtomicInteger RETRIED_CALLS = new AtomicInteger();

    /** Fails in its first two attempts, then succeeds. */
    @Flow(project = "clienttests")
    public static class Retried extends FlowSpec {
        int calls;

        @Step(next = "end")
        @Retry(times = 2, backoffSeconds = 0)
        public void start() {
            calls = RETRIED_CALLS.incrementAndGet();
            System.out.println("attempt " + calls);
            if (calls < 3) {
                throw new IllegalStateException("flaky " + calls);
            }
        }

        @Step
        public void end() {}
    }

    /** Fails for good in `boom`, after printing to both streams. */
    @Flow(project = "clienttests")
    public static class Failing extends FlowSpec {
        @Step(next = "boom")
        public void start() {}

        @Step(next = "end")
        public void boom() {
            System.out.println("loading data");
            System.err.println("about to fail");
            throw new ArithmeticException("model diverged");
        }

        @Step
        public void end() {}
    }

    /** A wide foreach; tests make item {@link #SLOW_ITEM} the slow one by the timings of its record. */
    @Flow(project = "clienttests")
    public static class Wide extends FlowSpec {
        public static final int SLOW_ITEM = 22;

        @Parameter(help = "items")
        int width = 40;

        List<Integer> items;
        int item;
        int total;

        @Step(next = "work", foreach = "items")
        public void start() {
            items = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                items.add(i);
            }
        }

        @Step(next = "join")
        public void work() {
            item = input(Integer.class);
        }

        @Step(next = "end")
        public void join(Inputs<Wide> inputs) {
            total = inputs.stream().mapToInt(w -> w.item).sum();
        }

        @Step
        public void end() {}
    }
}
