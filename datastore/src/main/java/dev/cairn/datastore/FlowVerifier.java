package dev.cairn.datastore;

import dev.cairn.datastore.VerifyReport.BadBlob;
import dev.cairn.datastore.VerifyReport.Reference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks a flow's runs against their blobs: reads every task record of every attempt, then every blob they name,
 * once each however many records name it, streamed and checked against its address ({@link BlobStore#verify}). The
 * same over any {@link ObjectStore}, local or S3.
 *
 * <pre>{@code
 * VerifyReport report = FlowVerifier.verify(datastore, datastore.runIds(), FlowVerifier.Progress.NONE);
 * report.damaged().forEach(blob -> System.out.println(blob.sha() + " " + blob.runs()));
 * }</pre>
 */
public final class FlowVerifier {
    // S3 reads wait on the network far longer than they compute: several at once keep a walk of thousands short
    private static final int READERS = 8;

    /** Hears how far a walk has got, from the calling thread; for progress displays. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (records, blobsChecked, blobsTotal) -> {};

        /**
         * @param records      task records read so far
         * @param blobsChecked blobs checked so far
         * @param blobsTotal   blobs to check, 0 while records are still being read
         */
        void update(int records, int blobsChecked, int blobsTotal);
    }

    private final FlowDatastore datastore;
    private final Progress progress;
    private final ExecutorService readers = Executors.newFixedThreadPool(
            READERS, Thread.ofPlatform().daemon().name("cairn-verify-", 1).factory());
    private final List<String> unreadable = new ArrayList<>();
    private final Map<String, List<Reference>> references = new LinkedHashMap<>();
    private int tasks;
    private int records;

    private FlowVerifier(FlowDatastore datastore, Progress progress) {
        this.datastore = datastore;
        this.progress = progress;
    }

    /**
     * Checks the runs {@code runIds} of {@code datastore}'s flow.
     *
     * @throws IOException when the datastore cannot be read at all (not a damaged blob or record: those are reported)
     */
    public static VerifyReport verify(FlowDatastore datastore, List<String> runIds, Progress progress)
            throws IOException, InterruptedException {
        FlowVerifier verifier = new FlowVerifier(datastore, progress);
        try {
            return verifier.walk(runIds);
        } finally {
            verifier.readers.shutdownNow();
        }
    }

    private VerifyReport walk(List<String> runIds) throws IOException, InterruptedException {
        List<Future<TaskRead>> reads = new ArrayList<>();
        for (String run : runIds) {
            try {
                datastore.readRun(run);
            } catch (DamagedRecordException e) {
                unreadable.add(e.getMessage()); // its tasks' records may be intact: they are read all the same
            }
            for (String step : datastore.steps(run)) {
                for (String task : datastore.taskIds(run, step)) {
                    reads.add(readers.submit(() -> read(run, step, task)));
                }
            }
        }
        for (Future<TaskRead> read : reads) {
            TaskRead done = await(read);
            tasks++;
            records += done.records().size();
            unreadable.addAll(done.unreadable());
            done.records().forEach(this::collect);
            progress.update(records, 0, 0);
        }
        return checkBlobs(runIds.size());
    }

    private record TaskRead(List<TaskRecord> records, List<String> unreadable) {}

    private TaskRead read(String run, String step, String task) throws IOException {
        List<TaskRecord> read = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        for (int attempt : datastore.attempts(run, step, task)) {
            try {
                datastore.readTask(run, step, task, attempt).ifPresent(read::add);
            } catch (DamagedRecordException e) {
                damaged.add(e.getMessage());
            }
        }
        return new TaskRead(read, damaged);
    }

    private void collect(TaskRecord record) {
        record.artifacts().forEach((name, ref) -> {
            reference(ref.sha(), record, "artifact `" + name + "`");
            if (ref.inline() != null) {
                try {
                    ref.inlineContent();
                } catch (IOException e) {
                    unreadable.add(
                            record.run() + "/" + record.pathspec() + ", artifact `" + name + "`: " + e.getMessage());
                }
            }
        });
        reference(record.stdout(), record, "stdout");
        reference(record.stderr(), record, "stderr");
        reference(record.card(), record, "card");
    }

    private void reference(String sha, TaskRecord record, String what) {
        if (sha != null) {
            references
                    .computeIfAbsent(sha, s -> new ArrayList<>())
                    .add(new Reference(record.run(), record.step(), record.task(), record.attempt(), what));
        }
    }

    /** What reading one blob through found: its size when intact, else what is wrong with it. */
    private record BlobRead(long size, IOException problem) {}

    private VerifyReport checkBlobs(int runs) throws IOException, InterruptedException {
        Map<String, Future<BlobRead>> reads = new LinkedHashMap<>();
        for (String sha : references.keySet()) {
            reads.put(sha, readers.submit(check(sha)));
        }
        List<BadBlob> damaged = new ArrayList<>();
        List<BadBlob> missing = new ArrayList<>();
        long bytes = 0;
        int checked = 0;
        for (Map.Entry<String, Future<BlobRead>> read : reads.entrySet()) {
            BlobRead blob = await(read.getValue());
            String sha = read.getKey();
            if (blob.problem() instanceof MissingBlobException) {
                missing.add(new BadBlob(sha, "not in " + datastore.location(), references.get(sha)));
            } else if (blob.problem() instanceof DamagedBlobException e) {
                damaged.add(new BadBlob(sha, e.problem(), references.get(sha)));
            }
            bytes += blob.size();
            progress.update(records, ++checked, reads.size());
        }
        return new VerifyReport(runs, tasks, records, reads.size(), bytes, damaged, missing, unreadable);
    }

    private Callable<BlobRead> check(String sha) {
        return () -> {
            try {
                return new BlobRead(datastore.blobs().verify(sha), null);
            } catch (DamagedBlobException | MissingBlobException e) {
                return new BlobRead(0, e);
            }
        };
    }

    private static <T> T await(Future<T> future) throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("verifying a blob failed: " + cause, cause);
        }
    }
}
