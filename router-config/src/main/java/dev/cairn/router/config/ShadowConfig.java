package dev.cairn.router.config;

/**
 * A shadow variant: a share (0..1) of the requests also call it; its answer is logged, never returned.
 */
public record ShadowConfig(String variant, double share) {}
