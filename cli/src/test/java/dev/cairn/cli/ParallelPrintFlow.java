package dev.cairn.cli;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Step;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Tasks that print from a parallel stream and from the common pool, everyday Java ML code. Each line says which
 * task printed it and whether a pool thread did ({@code pool}) or the task's own thread ({@code own}). With
 * {@code --together N} the first N tasks wait for each other before printing and again after, so that all
 * their lines are printed while N tasks run (each JVM counts its own tasks: one in {@code cairn step}).
 */
@Flow(project = "tests")
public class ParallelPrintFlow extends FlowSpec {
    private static final AtomicInteger ARRIVED = new AtomicInteger();
    private static final AtomicInteger DONE = new AtomicInteger();

    @Parameter(help = "tasks of the print step")
    int tasks = 4;

    @Parameter(help = "lines each task prints from a parallel stream")
    int lines = 96;

    @Parameter(help = "tasks that print at the same time")
    int together = 1;

    List<Integer> items;
    int item;

    @Step(foreach = "items", next = "print")
    public void start() {
        items = IntStream.range(0, tasks).boxed().toList();
    }

    @Step(next = "join")
    public void print() throws InterruptedException {
        item = input(Integer.class);
        meet(ARRIVED);
        IntStream.range(0, lines).parallel().forEach(i -> System.out.println(line(i)));
        CountDownLatch printed = new CountDownLatch(1);
        ForkJoinPool.commonPool()
                .execute(
                        () -> { // a pool thread for sure: the waiting task does not help run it
                            System.err.println(line(-1));
                            printed.countDown();
                        });
        printed.await();
        meet(DONE);
    }

    private String line(int i) {
        String thread = Thread.currentThread() instanceof ForkJoinWorkerThread ? "pool" : "own";
        return "task " + item + " line " + i + " " + thread;
    }

    /** Waits until {@code together} tasks got here, for a minute at most: then it goes on alone. */
    private void meet(AtomicInteger here) throws InterruptedException {
        here.incrementAndGet();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (here.get() < together && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    @Step(next = "end")
    public void join(Inputs<ParallelPrintFlow> inputs) {}

    @Step
    public void end() {}
}
