package dev.cairn.runtime.local;

import dev.cairn.datastore.BlobStore;
import dev.cairn.datastore.DamagedBlobException;
import dev.cairn.datastore.MissingBlobException;
import dev.cairn.datastore.TaskRecord;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The successful tasks of the run that a resumed run takes over, each only once every blob it names reads back
 * intact: a task whose blob is damaged or missing runs again instead, which stores its values again (and so heals
 * the blob). Each blob is read once, however many tasks name it, by whichever worker reaches it first.
 */
final class ReusableTasks {
    private final Map<String, TaskRecord> tasks;
    private final BlobStore blobs;
    /** Per blob, what is wrong with it: empty when it is intact. */
    private final Map<String, FutureTask<Optional<String>>> checked = new ConcurrentHashMap<>();

    /** @param tasks by {@code step/task} */
    ReusableTasks(Map<String, TaskRecord> tasks, BlobStore blobs) {
        this.tasks = Map.copyOf(tasks);
        this.blobs = blobs;
    }

    /** A task of the earlier run that may be taken over, and why it may not when it may not. */
    record Reuse(TaskRecord earlier, Optional<String> problem) {}

    /** The earlier run's record of {@code step/task}, if it succeeded there, with what is wrong with its blobs. */
    Optional<Reuse> find(String step, String task) throws IOException, InterruptedException {
        TaskRecord earlier = tasks.get(step + "/" + task);
        if (earlier == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> blob : blobsOf(earlier).entrySet()) {
            Optional<String> problem = check(blob.getKey());
            if (problem.isPresent()) {
                return Optional.of(new Reuse(earlier, Optional.of(blob.getValue() + ": " + problem.get())));
            }
        }
        return Optional.of(new Reuse(earlier, Optional.empty()));
    }

    /** Every blob the record names, with what it is to the task: {@code artifact `x`}, {@code stdout}, ... */
    private static Map<String, String> blobsOf(TaskRecord record) {
        Map<String, String> blobs = new LinkedHashMap<>();
        record.artifacts().forEach((name, ref) -> blobs.putIfAbsent(ref.sha(), "artifact `" + name + "`"));
        if (record.stdout() != null) {
            blobs.putIfAbsent(record.stdout(), "its stdout");
        }
        if (record.stderr() != null) {
            blobs.putIfAbsent(record.stderr(), "its stderr");
        }
        if (record.card() != null) {
            blobs.putIfAbsent(record.card(), "its card");
        }
        return blobs;
    }

    private Optional<String> check(String sha) throws IOException, InterruptedException {
        FutureTask<Optional<String>> mine = new FutureTask<>(() -> {
            try {
                blobs.verify(sha);
                // the resumed run uses it as if it had stored it: an expiration rule must count from now
                blobs.renewIfAged(sha);
                return Optional.empty();
            } catch (DamagedBlobException | MissingBlobException e) {
                return Optional.of(e.getMessage());
            }
        });
        FutureTask<Optional<String>> first = checked.putIfAbsent(sha, mine);
        if (first == null) {
            mine.run();
            first = mine;
        }
        try {
            return first.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot check blob " + sha + ": " + e.getCause(), e.getCause());
        }
    }
}
