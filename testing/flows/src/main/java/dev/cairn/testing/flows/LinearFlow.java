package dev.cairn.testing.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;

/** Three steps in a line and a parameter with a default: the smallest flow that trains something. */
@Flow(project = "tests")
public class LinearFlow extends FlowSpec {
    @Parameter(help = "epochs")
    int epochs = 3;

    String model;

    @Step(next = "train")
    public void start() {}

    @Step(next = "end")
    public void train() {
        model = "trained for " + epochs + " epochs";
    }

    @Step
    public void end() {}
}
