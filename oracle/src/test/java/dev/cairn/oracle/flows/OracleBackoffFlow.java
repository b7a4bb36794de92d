package dev.cairn.oracle.flows;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;

/**
 * A step that fails its first two attempts and declares a backoff: its retries must wait 1 s, then 2 s, as a local
 * run's do (Batch's own retries cannot wait, so the wait is Step Functions').
 */
@Flow(project = "oracle")
public class OracleBackoffFlow extends FlowSpec {
    int attempt;

    @Step(next = "end")
    @Retry(times = 2, backoffSeconds = 1)
    public void start() {
        attempt = current().attempt();
        if (attempt <= 2) {
            throw new IllegalStateException("flaky in attempt " + attempt);
        }
    }

    @Step
    public void end() {}
}
