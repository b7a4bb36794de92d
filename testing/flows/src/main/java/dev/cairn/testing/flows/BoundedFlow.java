package dev.cairn.testing.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Three foreaches deep, each with a declared bound: at most 200 regions x 10 countries x 5 settings = 10,000
 * {@code train} tasks. A run makes {@code regionCount} regions of two countries of two settings; more than 200
 * regions fails {@code start} on its bound.
 */
@Flow(project = "tests")
public class BoundedFlow extends FlowSpec {
    @Parameter(help = "regions to fan out to, at most 200")
    int regionCount = 2;

    List<Integer> regions;
    List<Integer> countries;
    List<Integer> settings;
    String cell;
    List<String> cells;

    @Step(foreach = "regions", maxItems = 200, next = "region")
    public void start() {
        regions = IntStream.range(0, regionCount).boxed().toList();
    }

    @Step(foreach = "countries", maxItems = 10, next = "country")
    public void region() {
        countries = List.of(0, 1);
    }

    @Step(foreach = "settings", maxItems = 5, next = "train")
    public void country() {
        settings = List.of(0, 1);
    }

    @Step(next = "perCountry")
    public void train() {
        cell = current().task();
    }

    @Step(next = "perRegion")
    public void perCountry(Inputs<BoundedFlow> inputs) {
        cells = inputs.stream().map(i -> i.cell).toList();
    }

    @Step(next = "all")
    public void perRegion(Inputs<BoundedFlow> inputs) {
        cells = inputs.stream().flatMap(i -> i.cells.stream()).toList();
    }

    @Step(next = "end")
    public void all(Inputs<BoundedFlow> inputs) {
        cells = inputs.stream().flatMap(i -> i.cells.stream()).toList();
    }

    @Step
    public void end() {}
}
