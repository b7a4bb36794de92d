package dev.cairn.testing.flows;

import dev.cairn.flow.Catch;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import dev.cairn.flow.StepError;

/** {@code risky} fails, but under {@code @Catch} the run goes on: {@code end} sets {@code after} from the error. */
@Flow(project = "tests")
public class CaughtFlow extends FlowSpec {
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
