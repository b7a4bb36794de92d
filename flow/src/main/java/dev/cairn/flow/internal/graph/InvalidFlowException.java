package dev.cairn.flow.internal.graph;

import java.util.List;

/** A flow class whose graph cannot run; the message lists every problem and how to fix it. */
public final class InvalidFlowException extends RuntimeException {
    private final String flow;
    private final List<String> problems;

    public InvalidFlowException(String flow, List<String> problems) {
        super("flow " + flow + " cannot run:\n  - " + String.join("\n  - ", problems));
        this.flow = flow;
        this.problems = List.copyOf(problems);
    }

    public String flow() {
        return flow;
    }

    public List<String> problems() {
        return problems;
    }
}
