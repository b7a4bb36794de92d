package dev.cairn.datastore.codec;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** Arrow's off-heap memory: one root for the JVM, a child per encode or decode, closed (and checked) after it. */
final class ArrowMemory {
    private static final String ADD_OPENS = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    private static BufferAllocator root;

    private ArrowMemory() {}

    private static Boolean available;

    /**
     * Whether Arrow can reach its memory in this JVM (it was started with {@value #ADD_OPENS}). Where it cannot,
     * values are written as JSON, which reads back the same, so a JVM started without the option still runs flows.
     */
    static synchronized boolean available() {
        if (available == null) {
            try {
                allocator("probe").close();
                available = true;
            } catch (IllegalStateException e) {
                available = false;
            }
        }
        return available;
    }

    static synchronized BufferAllocator allocator(String purpose) {
        if (root == null) {
            try {
                root = new RootAllocator(Long.MAX_VALUE);
            } catch (RuntimeException | LinkageError e) {
                throw new IllegalStateException(
                        "Arrow (the codec of numeric and tabular artifacts) cannot reach its memory: start the JVM with "
                                + ADD_OPENS + " (./cairn, the step-runner image and Cairn's surefire configuration do)",
                        e);
            }
        }
        return root.newChildAllocator(purpose, 0, Long.MAX_VALUE);
    }
}
