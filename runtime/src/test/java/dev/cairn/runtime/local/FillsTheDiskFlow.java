package dev.cairn.runtime.local;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import java.util.Random;

/** Its start step stores a megabyte that does not compress: more than a small disk has left. */
@Flow(project = "tests")
public class FillsTheDiskFlow extends FlowSpec {
    byte[] payload;

    @Step(next = "end")
    public void start() {
        payload = new byte[1 << 20];
        new Random(18).nextBytes(payload);
    }

    @Step
    public void end() {}
}
