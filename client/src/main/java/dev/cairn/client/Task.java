package dev.cairn.client;

import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.CardJson;
import dev.cairn.datastore.DamagedBlobException;
import dev.cairn.datastore.MissingBlobException;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.flow.StepError;
import dev.cairn.formats.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One attempt of one task: its status, timings, artifacts and captured output. Lists and maps
 * read from artifacts are read-only.
 *
 * <pre>{@code
 * Task task = run.step("train").task("0-3");
 * TrainedModel model = task.artifact("model", TrainedModel.class);   // typed, as the flow declared it
 * Object raw = task.artifact("model");                               // untyped: maps, lists, numbers, strings
 * double[] spend = task.column("features", "spend", double[].class); // one column of a table, the rest undecoded
 * String blob = task.artifactLocation("features").uri();             // an Arrow file pyarrow or DuckDB opens
 * System.out.print(task.stdout());
 * task.attempts().forEach(a -> System.out.println(a.attempt() + " " + a.status() + " " + a.error()));
 * }</pre>
 */
public final class Task {
    private final FlowRuns flow;
    private final TaskRecord record;

    Task(FlowRuns flow, TaskRecord record) {
        this.flow = flow;
        this.record = record;
    }

    /** {@code Flow/run/step/task}. */
    public String pathspec() {
        return flow.name() + "/" + record.run() + "/" + record.step() + "/" + record.task();
    }

    /** The task id: {@code 0}, or {@code 0-3} for item 3 of a foreach. */
    public String id() {
        return record.task();
    }

    public String step() {
        return record.step();
    }

    /** The flow's name. */
    public String flow() {
        return flow.name();
    }

    public String project() {
        return flow.project();
    }

    public String branch() {
        return flow.branch();
    }

    /** The run's id. */
    public String runId() {
        return record.run();
    }

    /**
     * Which attempt this is: 1 for the first, 2 for the first retry, and so on, as {@code current().attempt()},
     * {@code cairn show} and cards count ({@code record().attempt()} is the stored number, from 0).
     */
    public int attempt() {
        return record.attemptNumber();
    }

    /** A task whose failure was caught by {@code @Catch} counts as SUCCEEDED (and has an {@link #error()}). */
    public TaskStatus status() {
        return record.status();
    }

    public boolean succeeded() {
        return record.succeeded();
    }

    public TaskRecord record() {
        return record;
    }

    /** Every recorded attempt of this task, first one first (this one among them). */
    public List<Task> attempts() {
        List<Task> attempts = new ArrayList<>();
        int last = StoreRead.unchecked(() -> flow.datastore().latestTask(record.run(), record.step(), record.task()))
                .map(TaskRecord::attempt)
                .orElse(record.attempt());
        for (int i = 0; i <= last; i++) {
            int attempt = i;
            StoreRead.unchecked(() -> flow.datastore().readTask(record.run(), record.step(), record.task(), attempt))
                    .ifPresent(r -> attempts.add(new Task(flow, r)));
        }
        return List.copyOf(attempts);
    }

    /** Names of the artifacts the task holds after its step, inherited ones included, sorted. */
    public Set<String> artifactNames() {
        return record.artifacts().keySet();
    }

    /**
     * Where artifact {@code name} is stored and how it was encoded.
     *
     * @throws NotFoundException naming this task and listing its artifacts
     */
    public ArtifactRef artifactRef(String name) {
        ArtifactRef ref = record.artifacts().get(name);
        if (ref == null) {
            throw new NotFoundException("task " + pathspec() + " has no artifact `" + name + "`; "
                    + (artifactNames().isEmpty() ? "it has no artifacts" : "its artifacts are " + artifactNames()));
        }
        return ref;
    }

    /** Artifact {@code name} decoded as {@code type} (a primitive type gives its boxed value). */
    public <T> T artifact(String name, Class<T> type) {
        @SuppressWarnings("unchecked")
        Class<T> boxed = (Class<T>) MethodType.methodType(type).wrap().returnType();
        return boxed.cast(decode(name, type));
    }

    /** Artifact {@code name} decoded as a generic type, such as a field's {@code getGenericType()}. */
    @SuppressWarnings("unchecked")
    public <T> T artifact(String name, Type type) {
        return (T) decode(name, type);
    }

    /** Artifact {@code name} without a type: JSON values come back as maps, lists, strings, numbers and booleans. */
    public Object artifact(String name) {
        return decode(name, Object.class);
    }

    /**
     * One column of a table artifact (a {@code @ColumnTable} record or a warehouse {@code Table}) as an array or a
     * list, without decoding the other columns; {@code "values"} is the column of an array or list artifact.
     *
     * <pre>{@code
     * double[] spend = task.column("features", "spend", double[].class);
     * }</pre>
     *
     * @throws IllegalArgumentException when the artifact is not stored as columns (Arrow), naming the columns it has
     */
    public <T> T column(String name, String column, Class<T> type) {
        ArtifactRef ref = artifactRef(name);
        return type.cast(readArrow(name, () -> flow.artifacts().readColumn(ref, column, type)));
    }

    /**
     * Rows {@code from} (inclusive) to {@code to} (exclusive; cut at the end) of an array, list or table artifact,
     * as {@code type} (the field's type, or another that reads it: a {@code List<Double>} reads as {@code double[]}).
     */
    public <T> T rows(String name, long from, long to, Class<T> type) {
        ArtifactRef ref = artifactRef(name);
        return type.cast(readArrow(name, () -> flow.artifacts().readRows(ref, from, to, type)));
    }

    /**
     * Where artifact {@code name}'s blob is (a file, or an s3:// object) and how it is encoded, for readers outside
     * Cairn: an {@code arrow} artifact is an uncompressed Arrow IPC stream that pyarrow, polars, DuckDB or
     * apache-arrow open as it is.
     */
    public ArtifactLocation artifactLocation(String name) {
        ArtifactRef ref = artifactRef(name);
        try {
            var stored = flow.datastore().blobs().locate(ref.sha());
            return new ArtifactLocation(stored.uri(), ref.codec(), ref.type(), ref.size(), stored.compressed());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), named(e, name));
        }
    }

    private Object readArrow(String name, StoreRead<Object> read) {
        try {
            return read.read();
        } catch (DamagedBlobException | MissingBlobException e) {
            IOException named = named(e, name);
            throw new UncheckedIOException(named.getMessage(), named);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read artifact `" + name + "` of task " + pathspec() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "artifact `" + name + "` of task " + pathspec() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Artifact {@code name} as stored: its encoded bytes, which {@link ArtifactRef#codec()} decodes. For
     * exporting an artifact whole (a model archive), not for reading its value.
     */
    public byte[] artifactBytes(String name) {
        ArtifactRef ref = artifactRef(name);
        try {
            return flow.datastore().blobs().get(ref.sha(), ref.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), named(e, name));
        }
    }

    /** A damaged or missing blob named as this task's artifact; any other failure as it is. */
    private IOException named(IOException e, String artifact) {
        return e instanceof DamagedBlobException damaged
                ? damaged.in(artifact, pathspec())
                : e instanceof MissingBlobException missing ? missing.in(artifact, pathspec()) : e;
    }

    private Object decode(String name, Type type) {
        ArtifactRef ref = artifactRef(name);
        try {
            return flow.artifacts().read(ref, type).value();
        } catch (DamagedBlobException | MissingBlobException e) {
            IOException named = named(e, name);
            throw new UncheckedIOException(named.getMessage(), named);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read artifact `" + name + "` of task " + pathspec() + " (" + ref.codec() + ", written from "
                            + ref.type() + ") as " + type.getTypeName() + ": " + e.getMessage(),
                    e);
        }
    }

    /** What the step printed to standard output; "" when nothing. */
    public String stdout() {
        return log(record.stdout());
    }

    /** What the step printed to standard error; "" when nothing. */
    public String stderr() {
        return log(record.stderr());
    }

    private String log(String sha) {
        return sha == null
                ? ""
                : new String(StoreRead.unchecked(() -> flow.datastore().blobs().get(sha)), StandardCharsets.UTF_8);
    }

    /** The card components the step added ({@code card().lineChart(...)}), if it added any. */
    public Optional<CardJson> card() {
        if (record.card() == null) {
            return Optional.empty();
        }
        return Optional.of(StoreRead.unchecked(
                () -> Json.RECORDS.readValue(flow.datastore().blobs().get(record.card()), CardJson.class)));
    }

    /** Why this attempt failed, or the error {@code @Catch} caught; null otherwise. */
    public StepError error() {
        return record.error();
    }

    public Instant startedAt() {
        return record.startedAt();
    }

    public Instant finishedAt() {
        return record.finishedAt();
    }

    public Duration duration() {
        return record.startedAt() == null || record.finishedAt() == null
                ? Duration.ZERO
                : Duration.between(record.startedAt(), record.finishedAt());
    }

    /**
     * For a task that {@code resume} took over from an earlier run: {@code run/step/task/attempt} of the original,
     * as stored (the attempt from 0; {@link #clonedFromShown()} is what users read).
     */
    public Optional<String> clonedFrom() {
        return Optional.ofNullable(record.clonedFrom());
    }

    /** {@link #clonedFrom()} as users read it: {@code run/step/task (attempt N)}, N counting from 1. */
    public Optional<String> clonedFromShown() {
        return clonedFrom().map(Task::shown);
    }

    /** A stored {@code .../attempt} pathspec with its attempt counted from 1. */
    static String shown(String storedPathspec) {
        int slash = storedPathspec.lastIndexOf('/');
        try {
            int attempt = Integer.parseInt(storedPathspec.substring(slash + 1));
            return storedPathspec.substring(0, slash) + " (attempt " + (attempt + 1) + ")";
        } catch (NumberFormatException e) {
            return storedPathspec;
        }
    }

    @Override
    public String toString() {
        return pathspec() + " (attempt " + attempt() + ")";
    }
}
