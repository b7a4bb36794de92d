package dev.cairn.cli;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;

/** Fails in its second step. */
public class FailingFlow extends FlowSpec {
    @Step(next = "explode")
    public void start() {}

    @Step(next = "end")
    public void explode() {
        throw new IllegalStateException("no data for 2026-11-26");
    }

    @Step
    public void end() {}
}
