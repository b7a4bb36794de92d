package dev.cairn.runtime.cloud;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Step;

/** Branch with both arms joined and artifacts merged: for cloud step-by-step runs. */
@Flow(project = "tests")
public class CloudFork extends FlowSpec {
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
    public void join(Inputs<CloudFork> inputs) {
        inputs.mergeArtifacts(this, "left", "right");
        sum = inputs.from("a").left + inputs.from("b").right;
    }

    @Step
    public void end() {}
}
