package dev.cairn.runtime.task;

/**
 * A little heap held back while tasks run and let go when a step fails, so that the failure of a step
 * that filled the heap can still be handled: its instance emptied, its error and record written.
 */
final class HeapReserve {
    private static final int BYTES = 1 << 20;

    @SuppressWarnings("unused") // held, never read: it is there to be let go of
    private static volatile byte[] reserve = new byte[BYTES];

    private HeapReserve() {}

    /** Lets the reserve go: the first thing a failed attempt does, before it allocates anything. */
    static void release() {
        reserve = null;
    }

    /**
     * Takes the reserve (back): before a step runs, which also loads this class while there is room, and once a
     * failure is recorded. When the heap is still full, it stays let go.
     */
    static void restore() {
        if (reserve == null) {
            try {
                reserve = new byte[BYTES];
            } catch (OutOfMemoryError stillFull) {
                // memory the step holds outside its instance (a static field): the next failure goes without
            }
        }
    }
}
