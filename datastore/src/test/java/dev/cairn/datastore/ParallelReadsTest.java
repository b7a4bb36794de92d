package dev.cairn.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelReadsTest {
    private static final List<Integer> ITEMS = IntStream.range(0, 200).boxed().toList();

    @Test
    void resultsComeBackInTheItemsOrder() throws Exception {
        assertEquals(ITEMS.stream().map(i -> "item " + i).toList(), ParallelReads.map(ITEMS, 8, i -> "item " + i));
    }

    @Test
    void noMoreReadsThanTheBoundAreInFlightAndTheBoundIsReached() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch fourStarted = new CountDownLatch(4);
        ParallelReads.map(ITEMS, 4, i -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            fourStarted.countDown();
            // the first reads wait until four run at once: proof that four do, without timing anything
            assertTrue(fourStarted.await(30, TimeUnit.SECONDS), "four reads never ran at once");
            inFlight.decrementAndGet();
            return i;
        });
        assertEquals(4, most.get());
    }

    @Test
    void theEarliestFailedItemsErrorIsThrownAsItWas() {
        IOException thrown = assertThrows(
                IOException.class,
                () -> ParallelReads.map(ITEMS, 8, i -> {
                    if (i == 3) {
                        throw new IOException("item 3 is unreadable");
                    }
                    return i;
                }));
        assertEquals("item 3 is unreadable", thrown.getMessage());
    }

    @Test
    void oneAtATimeReadsOnTheCallersThread() throws Exception {
        Thread caller = Thread.currentThread();
        assertEquals(List.of(true, true), ParallelReads.map(List.of(1, 2), 1, i -> Thread.currentThread() == caller));
    }
}
