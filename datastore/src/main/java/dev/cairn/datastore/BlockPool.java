package dev.cairn.datastore;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The direct buffers blobs are written from and read into, a block each, kept for the next blob: allocating one
 * zeroes a megabyte, which would cost a small artifact more than writing it.
 */
final class BlockPool {
    /** A block: large enough that a system call moves a lot, small enough to stay in the CPU's cache to be hashed. */
    static final int BLOCK_BYTES = 1 << 20;
    // enough for a few blobs streamed at once; more are allocated when needed and left to the garbage collector
    private static final int KEPT = 16;

    private static final ConcurrentLinkedQueue<ByteBuffer> FREE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger FREE_COUNT = new AtomicInteger();

    private BlockPool() {}

    static ByteBuffer take() {
        ByteBuffer block = FREE.poll();
        if (block == null) {
            return ByteBuffer.allocateDirect(BLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        }
        FREE_COUNT.decrementAndGet();
        return block.clear();
    }

    static void give(ByteBuffer block) {
        if (FREE_COUNT.incrementAndGet() <= KEPT) {
            FREE.offer(block);
        } else {
            FREE_COUNT.decrementAndGet();
        }
    }
}
