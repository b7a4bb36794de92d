package dev.cairn.router.config;

/**
 * A shadow variant: a share (0..1) of the requests also call it, at the same time as the production variant; its
 * answer is logged, never returned. A shadow call that takes longer than {@code timeoutMs} (from its start) is not
 * waited for: it is counted as timed out instead of logged.
 */
public record ShadowConfig(String variant, double share, int timeoutMs) {

    /**
     * The default limit. In Lambda a shadow slower than its production variant keeps the execution environment (and
     * its billed time) after the answer until it answers; where the router waits before it answers ({@code cairn
     * serve}) it holds the answer: the limit bounds both.
     */
    public static final int DEFAULT_TIMEOUT_MS = 100;
    /** API Gateway's integration timeout: the router never runs longer. */
    public static final int MAX_TIMEOUT_MS = 29_000;

    /** A shadow with the default time limit. */
    public ShadowConfig(String variant, double share) {
        this(variant, share, DEFAULT_TIMEOUT_MS);
    }
}
