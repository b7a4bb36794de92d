package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a run counts attempts as the step saw them: from 1. */
class AttemptCountTest {
    @TempDir
    Path root;

    /** Succeeds on its third attempt, keeping the attempt number it saw. */
    @Flow(project = "clienttests")
    public static class ThirdTime extends FlowSpec {
        int attemptSeen;

        @Retry(times = 2, backoffSeconds = 0)
        @Step(next = "end")
        public void start() {
            attemptSeen = current().attempt();
            if (attemptSeen < 3) {
                throw new IllegalStateException("attempt " + attemptSeen + " fails");
            }
        }

        @Step
        public void end() {}
    }

    @Test
    void aTasksAttemptIsTheNumberItsStepSawCountingFromOne() throws Exception {
        Run run = Cairn.local(root).branch("test.attempts").run(ThirdTime.class, Map.of());
        assertEquals(RunStatus.SUCCEEDED, run.status());
        Task start = run.step("start").task();
        assertEquals(3, start.attempt());
        assertEquals(start.attempt(), start.artifact("attemptSeen", Integer.class));
        assertEquals(
                List.of(1, 2, 3), start.attempts().stream().map(Task::attempt).toList());
        assertEquals("attempt 1 fails", start.attempts().get(0).error().message());
        assertTrue(start.toString().endsWith("(attempt 3)"), start.toString());
    }

    @Test
    void aStoredPathspecIsShownWithItsAttemptCountedFromOne() {
        assertEquals("20261126-061504-5edc61/train/0-1 (attempt 1)", Task.shown("20261126-061504-5edc61/train/0-1/0"));
        assertEquals("r/start/0 (attempt 3)", Task.shown("r/start/0/2"));
    }
}
