package dev.cairn.cli;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import dev.cairn.serving.LinearScorer;
import dev.cairn.serving.ScorerFlows;

/** Trains a servable {@code model} in {@code train}, or fails there with {@code --fail true}: export after a failed run. */
@Flow(project = "clitests")
public class ScorerOrFailFlow extends FlowSpec {
    @Parameter(help = "fail in train instead of leaving a model")
    boolean fail = false;

    LinearScorer model;

    @Step(next = "train")
    public void start() {}

    @Step(next = "end")
    public void train() {
        if (fail) {
            throw new IllegalStateException("training data missing");
        }
        model = ScorerFlows.SCORER;
    }

    @Step
    public void end() {}
}
