package dev.cairn.cards;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;

/** A megabyte of markdown, a file name with a right-to-left override, then an error of 100,000 characters. */
@Flow(project = "cardtests")
public class LongTextFlow extends FlowSpec {
    /** Shown as "invoice[U+202E]exe.txt": obeyed, the override would show it as "invoicetxt.exe". */
    static final String SPOOFED = "invoice\u202Eexe.txt";

    String attachment;

    @Step(next = "end")
    public void start() {
        attachment = SPOOFED;
        card().markdown("## Dump\n" + "all work and no play ".repeat(50_000));
    }

    @Step
    public void end() {
        throw new IllegalStateException("x".repeat(100_000));
    }
}
