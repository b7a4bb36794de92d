package dev.cairn.runtime.task;

import java.util.List;

/**
 * Packages a flow shares with the runtime that runs it: the JDK's and Cairn's own (the flow API, the runtime
 * that calls it, the codecs that read its artifacts) and the libraries Cairn exposes to flows. They belong to
 * the platform, not to the flow: a code package never replaces them, and they are no part of a flow's code
 * version.
 */
public final class SharedPackages {
    /** Package name prefixes, dotted. */
    public static final List<String> PREFIXES = List.of(
            "java.",
            "javax.",
            "jdk.",
            "sun.",
            "com.sun.",
            "dev.cairn.flow.",
            "dev.cairn.datastore.",
            "dev.cairn.runtime.",
            "dev.cairn.warehouse.",
            "dev.cairn.cli.",
            "dev.cairn.statemachines.",
            "dev.cairn.cards.",
            "dev.cairn.client.",
            "dev.cairn.serving.",
            "dev.cairn.experiments.",
            "com.fasterxml.jackson.",
            "org.slf4j.");

    private SharedPackages() {}

    /** Whether the class {@code className} (dotted, {@code a.b.C}) is in a shared package. */
    public static boolean contains(String className) {
        return PREFIXES.stream().anyMatch(className::startsWith);
    }
}
