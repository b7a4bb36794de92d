package dev.cairn.router.config;

/**
 * A shadow variant: a share (0..1) of the requests also call it, at the same time as the production variant; its
 * answer is logged, never returned. A shadow call that takes longer than {@code timeoutMs} (from its start) is not
 * waited for: it is counted as timed out instead of logged.
 */
public record ShadowConfig(String variant, double share, int timeoutMs) {

    /**
     * The default limit: a shadow slower than its production variant holds the Lambda's return (not the model call)
     * until it answers, so the limit bounds what a slow shadow can add to a caller's wait.
     */
    public static final int DEFAULT_TIMEOUT_MS = 100;
    /** API Gateway's integration timeout: the router never runs longer. */
    public static final int MAX_TIMEOUT_MS = 29_000;

    /** A shadow with the default time limit. */
    public ShadowConfig(String variant, double share) {
        this(variant, share, DEFAULT_TIMEOUT_MS);
    }
}
