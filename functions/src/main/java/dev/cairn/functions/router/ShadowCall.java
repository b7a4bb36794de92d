package dev.cairn.functions.router;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One shadow call in flight. It ends exactly one way: finished before its deadline (its answer is logged) or timed
 * out (counted); {@link #settle()} decides which, whether the call's own thread or the request's thread gets there
 * first.
 */
final class ShadowCall {

    private final String model;
    private final String variant;
    private final long deadlineNanos;
    private final AtomicBoolean settled = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    ShadowCall(String model, String variant, long deadlineNanos) {
        this.model = model;
        this.variant = variant;
        this.deadlineNanos = deadlineNanos;
    }

    String model() {
        return model;
    }

    String variant() {
        return variant;
    }

    boolean pastDeadline(long nowNanos) {
        return nowNanos - deadlineNanos > 0;
    }

    /** True for the one caller that decides how the call ended; false for everyone after it. */
    boolean settle() {
        return settled.compareAndSet(false, true);
    }

    /** The call's thread is done with it (answer logged, or given up). */
    void markDone() {
        done.countDown();
    }

    /** Waits until the call's thread is done with it or the deadline passes; true when it is done. */
    boolean awaitDone() {
        boolean interrupted = false;
        try {
            while (true) {
                long left = deadlineNanos - System.nanoTime();
                try {
                    return left > 0 ? done.await(left, TimeUnit.NANOSECONDS) : done.getCount() == 0;
                } catch (InterruptedException e) {
                    interrupted = true; // the wait is bounded by the deadline: finish it, keep the flag
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
