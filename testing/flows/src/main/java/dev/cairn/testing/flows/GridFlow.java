package dev.cairn.testing.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A foreach inside a foreach, joined twice: {@code outer x inner} cells (task ids {@code 0-row-col}), each worth
 * {@code row * 100 + col}, gathered into {@code table} by row.
 */
@Flow(project = "tests")
public class GridFlow extends FlowSpec {
    @Parameter(help = "outer width")
    int outer = 3;

    @Parameter(help = "inner width")
    int inner = 4;

    @Parameter(help = "label")
    String label = "grid";

    List<Integer> rows;
    List<Integer> cols;
    int row;
    int cell;
    List<Integer> rowCells;
    Map<String, List<Integer>> table;
    String title;

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
    public void joinRow(Inputs<GridFlow> inputs) {
        rowCells = inputs.stream().map(i -> i.cell).toList();
        row = inputs.get(0).row;
    }

    @Step(next = "end")
    public void joinAll(Inputs<GridFlow> inputs) {
        table = new TreeMap<>();
        for (GridFlow g : inputs) {
            table.put("r" + g.row, g.rowCells);
        }
    }

    @Step
    public void end() {
        title = label + " " + table.size() + "x" + inner;
    }
}
