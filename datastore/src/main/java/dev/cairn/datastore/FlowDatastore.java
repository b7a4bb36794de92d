package dev.cairn.datastore;

import com.fasterxml.jackson.core.JacksonException;
import dev.cairn.flow.layout.DatastoreLayout;
import dev.cairn.flow.layout.PathName;
import dev.cairn.formats.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One flow's part of the datastore, {@code <project>/<branch>/<Flow>/}, in the layout every backend keeps
 * ({@link DatastoreLayout}: blobs, run and task records, plans, files).
 * Names starting with {@code _} under a run are kept for such bookkeeping and never read as steps:
 * a step named {@code _x} would not be listed.
 */
public final class FlowDatastore {
    private static final String RUN_RECORD = "run.json"; // DatastoreLayout.runKey's file: not a step
    private static final java.util.regex.Pattern ATTEMPT_FILE = java.util.regex.Pattern.compile("\\d{1,9}\\.json");
    private static final int SUCCEEDED_RECORDS_KEPT = 50_000; // a 20,000-task foreach and its join, with room

    private final ObjectStore store;
    private final String project;
    private final String branch;
    private final String flow;
    private final DatastoreLayout layout;
    private final String prefix;
    private final BlobStore blobs;
    private final Map<String, TaskRecord> succeeded = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TaskRecord> eldest) {
            return size() > SUCCEEDED_RECORDS_KEPT;
        }
    };

    public FlowDatastore(ObjectStore store, String project, String branch, String flow) {
        this.layout = new DatastoreLayout(project, branch, flow);
        this.store = store;
        this.project = project;
        this.branch = branch;
        this.flow = flow;
        this.prefix = layout.flowPrefix() + "/";
        this.blobs = new BlobStore(store, prefix);
    }

    public String project() {
        return project;
    }

    public String branch() {
        return branch;
    }

    public String flow() {
        return flow;
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** How many reads a bulk read of this datastore keeps in flight: its store's {@link ObjectStore#parallelReads}. */
    public int parallelReads() {
        return store.parallelReads();
    }

    /** Where this flow's data lives, for people: a folder or an s3:// URI. */
    public String location() {
        return store.location() + "/" + prefix;
    }

    /** Where a task may write files of its own: {@code runs/<run>/<step>/<task>/files} (a folder or an s3:// prefix). */
    public String filesLocation(String run, String step, String task) {
        return store.location() + "/" + layout.filesPrefix(run, step, task);
    }

    /** The task's files folder itself when this datastore is on local disk; empty when it is remote. */
    public Optional<java.nio.file.Path> localFilesFolder(String run, String step, String task) {
        return store instanceof LocalObjectStore
                ? Optional.of(java.nio.file.Path.of(filesLocation(run, step, task)))
                : Optional.empty();
    }

    /** Copies {@code file} to {@code <files location>/<relativeName>}, streamed, visible at once when complete. */
    public void putFile(String run, String step, String task, String relativeName, java.nio.file.Path file)
            throws IOException {
        store.putFile(layout.filesPrefix(run, step, task) + "/" + relativeName, file);
    }

    public void writeRun(RunRecord run) throws IOException {
        store.put(layout.runKey(run.run()), Json.RECORDS.writeValueAsBytes(run));
    }

    public Optional<RunRecord> readRun(String run) throws IOException {
        String key = layout.runKey(run);
        if (!store.exists(key)) {
            return Optional.empty();
        }
        return Optional.of(record(key, RunRecord.class));
    }

    /** The run records of a flow read in bulk: those that read, and what is wrong with each that did not. */
    public record RunRecords(List<RunRecord> records, List<DamagedRecordException> damaged) {}

    /**
     * The records of {@code runs}, read {@link ObjectStore#parallelReads} at a time with one request each (a flow
     * with 500 runs on S3 is listed in a fraction of a second, not ten); a run without a record is left out, a
     * damaged one is in {@link RunRecords#damaged()}, so one cannot hide the others.
     */
    public RunRecords readRuns(List<String> runs) throws IOException {
        // per run: its record, or what is wrong with it, or neither when it has none
        record RunRead(RunRecord record, DamagedRecordException damaged) {}
        List<RunRead> read = ParallelReads.map(runs, store.parallelReads(), run -> {
            try {
                return new RunRead(record(layout.runKey(run), RunRecord.class), null);
            } catch (java.nio.file.NoSuchFileException e) {
                return new RunRead(null, null);
            } catch (DamagedRecordException e) {
                return new RunRead(null, e);
            }
        });
        List<RunRecord> records = new ArrayList<>();
        List<DamagedRecordException> damaged = new ArrayList<>();
        for (RunRead one : read) {
            if (one.record() != null) {
                records.add(one.record());
            }
            if (one.damaged() != null) {
                damaged.add(one.damaged());
            }
        }
        return new RunRecords(List.copyOf(records), List.copyOf(damaged));
    }

    /**
     * Records that {@code laterRun} resumes {@code run}, as a mark of its own under {@code run} rather than a
     * change to {@code run}'s record: that record belongs to {@code run}'s process, which may still be writing it.
     */
    public void markResumed(String run, String laterRun) throws IOException {
        store.put(layout.resumedKey(run, laterRun), new byte[0]);
    }

    /** The runs that resumed {@code run}, oldest first. */
    public List<String> resumedBy(String run) throws IOException {
        return store.list(layout.resumedPrefix(run)).stream().sorted().toList();
    }

    /** Run ids, oldest first (ids sort by start time). */
    public List<String> runIds() throws IOException {
        return store.list(runs().substring(0, runs().length() - 1)).stream()
                .filter(PathName.RUN::accepts)
                .toList();
    }

    /** Steps that have at least one task record in {@code run}. */
    public List<String> steps(String run) throws IOException {
        return store.list(runs() + run).stream()
                .filter(n -> !n.equals(RUN_RECORD) && !n.startsWith("_") && PathName.STEP.accepts(n))
                .toList();
    }

    /** Task ids of {@code step} in {@code run} that have records, in task order. */
    public List<String> taskIds(String run, String step) throws IOException {
        return store.list(runs() + run + "/" + step).stream()
                .filter(PathName.TASK::accepts)
                .sorted(TaskIds.ORDER)
                .toList();
    }

    /** The task ids of a step in a cloud run, as {@code cairn step --plan} computed them. */
    public record StepPlan(List<String> tasks) {
        public StepPlan {
            tasks = List.copyOf(tasks);
        }
    }

    /** A plan's size and its Batch array chunks: what the state machine reads, whatever the plan's size. */
    public record PlanSummary(int size, List<Chunk> chunks) {
        public PlanSummary {
            chunks = List.copyOf(chunks);
        }
    }

    /**
     * Tasks of a plan from {@code offset} on, run as one Batch (array) job of {@code size} children, each child
     * running {@code tasksPerChild} consecutive tasks (the plan's last child fewer).
     */
    public record Chunk(int offset, int size, int tasksPerChild) {}

    /** Writes a step's plan, then its summary: a summary never names tasks that are not written. */
    public void writePlan(String run, String step, StepPlan plan, PlanSummary summary) throws IOException {
        store.put(layout.planKey(run, step), Json.RECORDS.writeValueAsBytes(plan));
        store.put(layout.planSummaryKey(run, step), Json.RECORDS.writeValueAsBytes(summary));
    }

    public Optional<StepPlan> readPlan(String run, String step) throws IOException {
        String key = layout.planKey(run, step);
        return store.exists(key)
                ? Optional.of(Json.RECORDS.readValue(store.get(key), StepPlan.class))
                : Optional.empty();
    }

    public Optional<PlanSummary> readPlanSummary(String run, String step) throws IOException {
        String key = layout.planSummaryKey(run, step);
        return store.exists(key)
                ? Optional.of(Json.RECORDS.readValue(store.get(key), PlanSummary.class))
                : Optional.empty();
    }

    /**
     * Stores what the threads several tasks of a local run shared printed (the run's shared log, beside its
     * record): {@code stdout} and {@code stderr}, each only when not empty.
     */
    public void writeRunOutput(String run, byte[] stdout, byte[] stderr) throws IOException {
        if (stdout.length > 0) {
            store.put(layout.runOutputKey(run, "stdout"), stdout);
        }
        if (stderr.length > 0) {
            store.put(layout.runOutputKey(run, "stderr"), stderr);
        }
    }

    /**
     * The run's shared log, as {@link #writeRunOutput} stored it; empty when nothing was printed there.
     *
     * @param stream {@code stdout} or {@code stderr}
     */
    public Optional<byte[]> readRunOutput(String run, String stream) throws IOException {
        String key = layout.runOutputKey(run, stream);
        return store.exists(key) ? Optional.of(store.get(key)) : Optional.empty();
    }

    /**
     * Saves what an attempt of a running task has printed so far to {@code stream} (stdout or stderr), replacing the
     * last save: if the job is killed before the attempt's record is written, this is its log.
     */
    public void writePartialLog(String run, String step, String task, int attempt, String stream, byte[] printed)
            throws IOException {
        store.put(layout.partialLogKey(run, step, task, attempt, stream), printed);
    }

    /** What {@link #writePartialLog} last saved for the attempt (from 0) and stream; empty when nothing was. */
    public Optional<byte[]> readPartialLog(String run, String step, String task, int attempt, String stream)
            throws IOException {
        String key = layout.partialLogKey(run, step, task, attempt, stream);
        try {
            return Optional.of(store.get(key));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The attempts (from 0, ascending) of a task with a partial log saved, whether or not they have a record. */
    public List<Integer> partialLogAttempts(String run, String step, String task) throws IOException {
        String prefix = layout.partialLogsPrefix(run, step, task);
        return store.list(prefix.substring(0, prefix.length() - 1)).stream()
                .filter(name -> name.matches("\\d{1,9}\\.std(out|err)\\.log"))
                .map(name -> Integer.parseInt(name.substring(0, name.indexOf('.'))))
                .distinct()
                .sorted()
                .toList();
    }

    /** Commits a task attempt: call only after every blob it names is stored. */
    public void writeTask(TaskRecord record) throws IOException {
        store.put(
                layout.taskKey(record.run(), record.step(), record.task(), record.attempt()),
                Json.RECORDS.writeValueAsBytes(record));
        remember(record);
    }

    // A task that succeeded is never attempted again, so its record is final: thousands of foreach
    // tasks read the same parent, and a join reads thousands of inputs, without asking the store.
    private void remember(TaskRecord record) {
        if (record.succeeded()) {
            synchronized (succeeded) {
                succeeded.put(record.run() + "/" + record.step() + "/" + record.task(), record);
            }
        }
    }

    public Optional<TaskRecord> readTask(String run, String step, String task, int attempt) throws IOException {
        String key = layout.taskKey(run, step, task, attempt);
        if (!store.exists(key)) {
            return Optional.empty();
        }
        return Optional.of(record(key, TaskRecord.class));
    }

    /** The last attempt recorded for a task, if any. */
    public Optional<TaskRecord> latestTask(String run, String step, String task) throws IOException {
        TaskRecord known;
        synchronized (succeeded) {
            known = succeeded.get(run + "/" + step + "/" + task);
        }
        if (known != null) {
            return Optional.of(known);
        }
        Optional<TaskRecord> read = readLatestTask(run, step, task);
        read.ifPresent(this::remember);
        return read;
    }

    private Optional<TaskRecord> readLatestTask(String run, String step, String task) throws IOException {
        Optional<Integer> last = attempts(run, step, task).stream().max(Comparator.naturalOrder());
        return last.isEmpty() ? Optional.empty() : readTask(run, step, task, last.get());
    }

    /** The attempts of a task that have a record file, as stored (from 0), in order. */
    public List<Integer> attempts(String run, String step, String task) throws IOException {
        return store.list(runs() + run + "/" + step + "/" + task).stream()
                .filter(n -> ATTEMPT_FILE.matcher(n).matches())
                .map(n -> Integer.parseInt(n.substring(0, n.length() - 5)))
                .sorted()
                .toList();
    }

    /**
     * Every task's last attempt for {@code step} in {@code run}, in task order: one listing of the step's records
     * (every attempt of every task), then the last attempts' records, {@link ObjectStore#parallelReads} at a time.
     */
    public List<TaskRecord> latestTasks(String run, String step) throws IOException {
        Map<String, Integer> lastAttempts = lastAttempts(run, step, "");
        List<String> tasks =
                lastAttempts.keySet().stream().sorted(TaskIds.ORDER).toList();
        return List.copyOf(readLatest(run, step, tasks, lastAttempts).values());
    }

    /**
     * The last attempts of {@code tasks} of {@code step} in {@code run}, by task id in the order given; a task without
     * a record is left out. Records already known (a succeeded task's is final) are not read again; the others are
     * found by one listing of the step (of the tasks whose ids share the wanted ones' prefix: a nested foreach's
     * join lists only its own inputs) and read {@link ObjectStore#parallelReads} at a time, not three requests
     * each one after another as {@link #latestTask} would.
     */
    public Map<String, TaskRecord> latestTasks(String run, String step, List<String> tasks) throws IOException {
        List<String> unknown = new ArrayList<>();
        synchronized (succeeded) {
            for (String task : tasks) {
                if (!succeeded.containsKey(run + "/" + step + "/" + task)) {
                    unknown.add(task);
                }
            }
        }
        Map<String, Integer> lastAttempts =
                unknown.isEmpty() ? Map.of() : lastAttempts(run, step, commonPrefix(unknown));
        return readLatest(run, step, tasks, lastAttempts);
    }

    /** The records of {@code tasks} in that order: known ones from memory, the others at their last attempt. */
    private Map<String, TaskRecord> readLatest(
            String run, String step, List<String> tasks, Map<String, Integer> lastAttempts) throws IOException {
        Map<String, TaskRecord> known = new HashMap<>();
        List<String> toRead = new ArrayList<>();
        synchronized (succeeded) {
            for (String task : tasks) {
                TaskRecord record = succeeded.get(run + "/" + step + "/" + task);
                if (record != null) {
                    known.put(task, record);
                } else if (lastAttempts.containsKey(task)) {
                    toRead.add(task);
                }
            }
        }
        List<TaskRecord> read = ParallelReads.map(
                toRead,
                store.parallelReads(),
                task -> record(layout.taskKey(run, step, task, lastAttempts.get(task)), TaskRecord.class));
        for (TaskRecord record : read) {
            remember(record);
            known.put(record.task(), record);
        }
        Map<String, TaskRecord> ordered = new LinkedHashMap<>();
        for (String task : tasks) {
            TaskRecord record = known.get(task);
            if (record != null) {
                ordered.put(task, record);
            }
        }
        return ordered;
    }

    /** The last recorded attempt of each task of {@code step} whose id starts with {@code taskPrefix}: one listing. */
    private Map<String, Integer> lastAttempts(String run, String step, String taskPrefix) throws IOException {
        Map<String, Integer> last = new HashMap<>();
        for (String key : store.listAll(runs() + run + "/" + step, taskPrefix)) {
            int slash = key.indexOf('/');
            if (slash < 0 || key.indexOf('/', slash + 1) >= 0) {
                continue; // a task's files, not its records
            }
            String task = key.substring(0, slash);
            String file = key.substring(slash + 1);
            if (PathName.TASK.accepts(task) && ATTEMPT_FILE.matcher(file).matches()) {
                last.merge(task, Integer.parseInt(file.substring(0, file.length() - 5)), Math::max);
            }
        }
        return last;
    }

    private static String commonPrefix(List<String> names) {
        String prefix = names.get(0);
        for (String name : names) {
            int i = 0;
            while (i < prefix.length() && i < name.length() && prefix.charAt(i) == name.charAt(i)) {
                i++;
            }
            prefix = prefix.substring(0, i);
        }
        return prefix;
    }

    /** The record at {@code key}; one that is there but unreadable is named in a {@link DamagedRecordException}. */
    private <T> T record(String key, Class<T> type) throws IOException {
        byte[] bytes = store.get(key);
        T record;
        try {
            record = Json.RECORDS.readValue(bytes, type);
        } catch (JacksonException e) {
            throw new DamagedRecordException(store.location() + "/" + key, e);
        }
        if (record == null) {
            throw new DamagedRecordException(store.location() + "/" + key, new IOException("it holds no record"));
        }
        return record;
    }

    private String runs() {
        return layout.runsPrefix();
    }
}
