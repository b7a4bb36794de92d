package dev.cairn.datastore;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Many reads at once, a bounded number in flight: what a join's thousands of input records need on S3, where each
 * read waits a round trip. Results come back in the order of the items. Once a read fails, those not yet started
 * are skipped, and the failure thrown is that of the earliest item (in the items' order) whose read failed.
 *
 * <pre>{@code
 * List<TaskRecord> records = ParallelReads.map(keys, store.parallelReads(), key -> parse(store.get(key)));
 * }</pre>
 */
public final class ParallelReads {
    private ParallelReads() {}

    /** A read of one item: its I/O errors pass as they are, other checked ones wrapped. */
    @FunctionalInterface
    public interface Read<T, R> {
        R apply(T item) throws Exception;
    }

    /**
     * {@code read} of every item, at most {@code parallelism} at a time, on threads of its own (daemons, gone when it
     * returns); on the calling thread alone when there is one item or a parallelism of 1.
     */
    public static <T, R> List<R> map(List<T> items, int parallelism, Read<? super T, ? extends R> read)
            throws IOException {
        if (parallelism <= 1 || items.size() <= 1) {
            List<R> results = new ArrayList<>(items.size());
            for (T item : items) {
                results.add(call(read, item));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(parallelism, items.size()),
                Thread.ofPlatform().daemon().name("cairn-read-", 1).factory());
        AtomicBoolean failed = new AtomicBoolean();
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    if (failed.get()) {
                        return null; // an earlier read failed: its error is the answer
                    }
                    try {
                        return call(read, item);
                    } catch (IOException | RuntimeException | Error e) {
                        failed.set(true);
                        throw e;
                    }
                }));
            }
            List<R> results = new ArrayList<>(items.size());
            Throwable first = null;
            for (Future<R> future : futures) {
                try {
                    R result = future.get();
                    if (first == null) {
                        results.add(result);
                    }
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                    }
                }
            }
            if (first instanceof IOException io) {
                throw io;
            }
            if (first instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (first instanceof Error error) {
                throw error;
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while reading in parallel");
            interrupted.initCause(e);
            throw interrupted;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T, R> R call(Read<? super T, ? extends R> read, T item) throws IOException {
        try {
            return read.apply(item);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while reading " + item);
            interrupted.initCause(e);
            throw interrupted;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
