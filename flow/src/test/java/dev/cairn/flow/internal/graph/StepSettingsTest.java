package dev.cairn.flow.internal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepSettingsTest {

    @Test
    void firstAttemptNeverWaits() {
        assertEquals(Duration.ZERO, new StepSettings.RetryPolicy(3, 5).backoffBefore(0));
    }

    @Test
    void firstRetryWaitsTheBackoff() {
        assertEquals(Duration.ofSeconds(5), new StepSettings.RetryPolicy(3, 5).backoffBefore(1));
    }

    @Test
    void backoffDoublesOnEachFurtherRetry() {
        StepSettings.RetryPolicy retry = new StepSettings.RetryPolicy(10, 2);
        assertEquals(Duration.ofSeconds(4), retry.backoffBefore(2));
        assertEquals(Duration.ofSeconds(8), retry.backoffBefore(3));
        assertEquals(Duration.ofSeconds(16), retry.backoffBefore(4));
        assertEquals(Duration.ofSeconds(1024), retry.backoffBefore(10));
    }

    @Test
    void zeroBackoffRetriesAtOnce() {
        StepSettings.RetryPolicy retry = new StepSettings.RetryPolicy(3, 0);
        assertEquals(Duration.ZERO, retry.backoffBefore(1));
        assertEquals(Duration.ZERO, retry.backoffBefore(3));
    }

    @Test
    void backoffDoublingIsCappedInsteadOfOverflowing() {
        StepSettings.RetryPolicy retry = new StepSettings.RetryPolicy(10, Integer.MAX_VALUE);
        Duration capped = Duration.ofSeconds((long) Integer.MAX_VALUE << 20);
        assertEquals(capped, retry.backoffBefore(21));
        assertEquals(capped, retry.backoffBefore(1000));
    }

    @Test
    void negativeAttemptDoesNotWait() {
        assertEquals(Duration.ZERO, new StepSettings.RetryPolicy(3, 5).backoffBefore(-1));
    }

    @Test
    void noRetryPolicyHasNoAttemptsOrWait() {
        assertEquals(0, StepSettings.RetryPolicy.NONE.times());
        assertEquals(Duration.ZERO, StepSettings.RetryPolicy.NONE.backoffBefore(1));
    }

    @Test
    void defaultResourcesAreOneCpuFourGibNoGpu() {
        assertEquals(new StepSettings.Resources(1, 4096, 0, ""), StepSettings.Resources.DEFAULT);
    }
}
