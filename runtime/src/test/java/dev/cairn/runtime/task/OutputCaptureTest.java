package dev.cairn.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Whose log a line goes to, told from the thread that prints it. */
class OutputCaptureTest {

    private static String text(OutputCapture.Limited buffer) {
        return new String(buffer.bytes(), StandardCharsets.UTF_8);
    }

    /** Prints {@code line} from a worker of the common pool and waits until it has. */
    private static void printFromTheCommonPool(String line) throws InterruptedException {
        CountDownLatch printed = new CountDownLatch(1);
        ForkJoinPool.commonPool().execute(() -> {
            System.out.println(line);
            printed.countDown();
        });
        assertTrue(printed.await(30, TimeUnit.SECONDS));
    }

    /** Starts a task's capture on a thread of its own, which holds it until {@code end} counts down. */
    private static CompletableFuture<OutputCapture.Buffers> task(String run, CountDownLatch begun, CountDownLatch end) {
        return CompletableFuture.supplyAsync(
                () -> {
                    OutputCapture.Capture capture = OutputCapture.begin(run);
                    OutputCapture.Buffers buffers = capture.buffers();
                    begun.countDown();
                    try {
                        end.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    capture.end();
                    return buffers;
                },
                work -> Thread.ofPlatform().start(work));
    }

    @Test
    void aThreadATaskStartsPrintsIntoThatTasksLog() throws Exception {
        OutputCapture.Capture capture = OutputCapture.begin("r-started");
        OutputCapture.Buffers buffers = capture.buffers();
        Thread started = Thread.ofPlatform().start(() -> System.out.println("from a thread the task started"));
        started.join();
        capture.end();

        assertEquals("from a thread the task started\n", text(buffers.out()));
    }

    @Test
    void theCommonPoolPrintsIntoTheOneTaskRunning() throws Exception {
        OutputCapture.Capture capture = OutputCapture.begin("r-alone");
        OutputCapture.Buffers buffers = capture.buffers();
        printFromTheCommonPool("from the common pool");
        capture.end();

        assertEquals("from the common pool\n", text(buffers.out()));
    }

    @Test
    void theCommonPoolPrintsIntoTheRunsSharedLogWhileSeveralOfItsTasksRun() throws Exception {
        try (OutputCapture.RunOutput run = OutputCapture.openRun("r-shared")) {
            CountDownLatch begun = new CountDownLatch(2);
            CountDownLatch end = new CountDownLatch(1);
            var first = task("r-shared", begun, end);
            var second = task("r-shared", begun, end);
            assertTrue(begun.await(30, TimeUnit.SECONDS));
            printFromTheCommonPool("from the common pool, two tasks running");
            end.countDown();

            assertEquals(
                    "from the common pool, two tasks running\n",
                    text(run.buffers().out()));
            assertTrue(first.get().isEmpty(), "credited to neither task");
            assertTrue(second.get().isEmpty(), "credited to neither task");
        }
    }

    @Test
    void aPoolAnEndedTaskCreatedPrintsIntoTheTaskRunningNow() throws Exception {
        OutputCapture.Capture first = OutputCapture.begin("r-left");
        OutputCapture.Buffers firstBuffers = first.buffers();
        ExecutorService pool = Executors.newSingleThreadExecutor(); // its thread is made by the first task: inherits it
        pool.submit(() -> System.out.println("for the first task")).get();
        first.end();

        OutputCapture.Capture second = OutputCapture.begin("r-left");
        OutputCapture.Buffers secondBuffers = second.buffers();
        pool.submit(() -> System.out.println("for the second task")).get();
        second.end();
        pool.shutdown();

        assertEquals("for the first task\n", text(firstBuffers.out()));
        assertEquals("for the second task\n", text(secondBuffers.out()));
    }
}
