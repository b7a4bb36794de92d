package dev.cairn.oracle.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.util.List;

/**
 * A scheduled flow with a branch whose one arm fans out three foreaches deep (regions x countries x
 * settings, each bounded by {@code maxItems}) and joins back level by level; the other arm is one step.
 */
@Flow(project = "oracle", schedule = "0 4 * * ? *")
public class OracleNestedFlow extends FlowSpec {
    @Parameter(help = "items per foreach level")
    int width = 2;

    List<String> regions;
    List<String> countries;
    List<Integer> settings;
    String region;
    String country;
    int setting;
    String cell;
    List<String> cells;
    int total;
    String side;

    @Step(next = {"fanOut", "side"})
    public void start() {}

    @Step(foreach = "regions", maxItems = 3, next = "region")
    public void fanOut() {
        regions = List.of("eu", "us", "ap").subList(0, width);
    }

    @Step(foreach = "countries", maxItems = 3, next = "country")
    public void region() {
        region = input(String.class);
        countries = List.of(region + "-1", region + "-2", region + "-3").subList(0, width);
    }

    @Step(foreach = "settings", maxItems = 3, next = "train")
    public void country() {
        country = input(String.class);
        settings = List.of(1, 2, 3).subList(0, width);
    }

    @Step(next = "perCountry")
    public void train() {
        setting = input(Integer.class);
        cell = country + "/" + setting;
        System.out.println("trained " + cell);
    }

    @Step(next = "perRegion")
    public void perCountry(Inputs<OracleNestedFlow> inputs) {
        cells = inputs.stream().map(i -> i.cell).sorted().toList();
    }

    @Step(next = "allRegions")
    public void perRegion(Inputs<OracleNestedFlow> inputs) {
        cells = inputs.stream().flatMap(i -> i.cells.stream()).sorted().toList();
    }

    @Step(next = "join")
    public void allRegions(Inputs<OracleNestedFlow> inputs) {
        cells = inputs.stream().flatMap(i -> i.cells.stream()).sorted().toList();
    }

    @Step(next = "join")
    public void side() {
        side = "the other arm";
    }

    @Step(next = "end")
    public void join(Inputs<OracleNestedFlow> inputs) {
        cells = inputs.from("allRegions").cells;
        side = inputs.from("side").side;
        total = cells.size();
    }

    @Step
    public void end() {}
}
