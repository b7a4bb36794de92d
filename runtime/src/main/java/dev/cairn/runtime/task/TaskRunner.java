package dev.cairn.runtime.task;

import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.CardJson;
import dev.cairn.datastore.DamagedBlobException;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.MissingBlobException;
import dev.cairn.datastore.ParallelReads;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.TaskIds;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.datastore.codec.Frozen;
import dev.cairn.flow.Card;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.StepError;
import dev.cairn.flow.internal.FlowFields;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.flow.internal.graph.StepNode;
import dev.cairn.flow.internal.graph.Transition;
import dev.cairn.formats.Json;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Runs one attempt of one task and commits its record: the only place user step code runs, for
 * the local scheduler and for {@code cairn step} in an AWS Batch job alike.
 *
 * <p>It finds everything it needs in the datastore from the task's coordinates: the run's
 * parameters in the run record, its inputs at deterministic task ids. It writes artifacts (blobs
 * first), captured output, and last the task record.
 */
public final class TaskRunner {
    private final FlowGraph graph;
    private final FlowDatastore datastore;
    private final ArtifactStore artifacts;
    private final String codeVersion;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final List<Field> instanceFields;
    private final Map<String, Map<String, Object>> parametersByRun = new ConcurrentHashMap<>();
    private final Map<String, Method> methods = new ConcurrentHashMap<>();
    private volatile FlowSpec pristine;

    public TaskRunner(FlowGraph graph, FlowDatastore datastore, ArtifactStore artifacts, String codeVersion) {
        this.graph = graph;
        this.datastore = datastore;
        this.artifacts = artifacts;
        this.codeVersion = codeVersion;
        FlowFields.artifacts(graph.flowClass()).forEach(f -> fields.put(f.getName(), f));
        this.instanceFields = referenceFields(graph.flowClass());
    }

    /** Every field of a flow instance that can hold memory: what a failed attempt lets go of. */
    private static List<Field> referenceFields(Class<?> flowClass) {
        List<Field> found = new ArrayList<>();
        for (Class<?> c = flowClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                    f.setAccessible(true);
                    found.add(f);
                }
            }
        }
        return List.copyOf(found);
    }

    /**
     * Runs the attempt; a step that throws anything at all, an {@link OutOfMemoryError} included, gives a FAILED
     * record (or a caught one), not an exception.
     */
    public TaskRecord run(TaskSpec spec) throws IOException {
        return run(spec, null);
    }

    /**
     * {@link #run(TaskSpec)}, also passing what the task prints on to {@code echo} as it prints it ({@code cairn
     * step}); null: kept for the task's log only.
     */
    public TaskRecord run(TaskSpec spec, LiveEcho echo) throws IOException {
        StepNode node = graph.step(spec.step());
        Instant started = Instant.now();
        HeapReserve.restore(); // held before the step runs: a full heap leaves room for nothing, class loading included
        OutputCapture.Capture capture = OutputCapture.begin(spec.run(), echo);
        OutputCapture.Buffers output = capture.buffers();
        PartialLogSaver saver = null;
        Loaded loaded = new Loaded();
        List<String> inputPaths = new ArrayList<>();
        try (TaskFiles files = TaskFiles.open(datastore, spec)) {
            if (echo != null) { // a task run for a job also saves its log so far: it may be killed before its record
                saver = PartialLogSaver.start(datastore, spec, output, PartialLogSaver.every(System.getenv()));
            }
            List<TaskRecord> inputs = inputsOf(spec, node);
            inputs.forEach(r -> inputPaths.add(r.pathspec()));
            FlowSpec flow = prepare(spec, node, inputs, loaded, files);
            invoke(flow, node, spec, loaded.inputs);
            Map<String, ArtifactRef> refs = collect(flow, loaded);
            Integer foreachSize = foreachSize(flow, node);
            files.publish();
            capture.end();
            return commit(spec, TaskStatus.SUCCEEDED, refs, foreachSize, inputPaths, output, card(flow), null, started);
        } catch (Throwable failure) {
            // nothing allocated before the step's memory is let go: after an OutOfMemoryError the heap is full
            HeapReserve.release();
            if (!(failure instanceof TimeoutException)) { // past its @Timeout the step still runs, on its own thread
                loaded.release(instanceFields);
            }
            capture.end();
            try {
                return failed(spec, node, failure, loaded.refs, inputPaths, output, started);
            } finally {
                HeapReserve.restore();
            }
        } finally {
            capture.end();
            if (saver != null) {
                saver.close();
            }
        }
    }

    private TaskRecord failed(
            TaskSpec spec,
            StepNode node,
            Throwable failure,
            Map<String, ArtifactRef> loadedRefs,
            List<String> inputPaths,
            OutputCapture.Buffers output,
            Instant started)
            throws IOException {
        Throwable cause =
                failure instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : failure;
        try {
            StepError error = StepError.of(cause);
            Optional<String> catchVar = node.settings().catchVar();
            if (catchVar.isPresent()
                    && spec.attempt() >= node.settings().retry().times()) {
                Map<String, ArtifactRef> refs = new HashMap<>(loadedRefs);
                refs.put(catchVar.get(), artifacts.write(catchVar.get(), error, StepError.class));
                return commit(spec, TaskStatus.SUCCEEDED, refs, null, inputPaths, output, null, error, started);
            }
            return commit(spec, TaskStatus.FAILED, loadedRefs, null, inputPaths, output, null, error, started);
        } catch (OutOfMemoryError stillFull) {
            // the heap is held outside the step's instance (a static field, another task): the record without
            // the logs and the stack trace, which is small enough to write
            StepError bare = new StepError(cause.getClass().getName(), String.valueOf(cause.getMessage()), null);
            return commit(spec, TaskStatus.FAILED, loadedRefs, null, inputPaths, null, null, bare, started);
        }
    }

    private TaskRecord commit(
            TaskSpec spec,
            TaskStatus status,
            Map<String, ArtifactRef> refs,
            Integer foreachSize,
            List<String> inputs,
            OutputCapture.Buffers output,
            String card,
            StepError error,
            Instant started)
            throws IOException {
        TaskRecord record = new TaskRecord(
                graph.name(),
                spec.run(),
                spec.step(),
                spec.task(),
                spec.attempt(),
                status,
                refs,
                foreachSize,
                inputs,
                output == null ? null : log(output.out().bytes()),
                output == null ? null : log(output.err().bytes()),
                card,
                error,
                started,
                Instant.now(),
                codeVersion,
                null);
        datastore.writeTask(record);
        return record;
    }

    /** Stores the card the step filled, as JSON; null when it added nothing. */
    private String card(FlowSpec flow) throws IOException, ReflectiveOperationException {
        Card card = (Card) FlowInstances.field(FlowSpec.class, "card").get(flow);
        if (card == null || card.isEmpty()) {
            return null;
        }
        return datastore.blobs().put(Json.RECORDS.writeValueAsBytes(CardJson.of(card)));
    }

    private String log(byte[] bytes) throws IOException {
        return bytes.length == 0 ? null : datastore.blobs().put(bytes);
    }

    /** The records of the tasks this one reads, found from its own id. */
    private List<TaskRecord> inputsOf(TaskSpec spec, StepNode node) throws IOException {
        if (node.parents().isEmpty()) {
            return List.of();
        }
        if (!node.join()) {
            String parent = node.parents().get(0);
            boolean fannedOut = graph.step(parent).transition() instanceof Transition.Foreach;
            return List.of(input(spec.run(), parent, fannedOut ? TaskIds.parent(spec.task()) : spec.task(), spec));
        }
        StepNode opener = graph.step(node.closes());
        if (opener.transition() instanceof Transition.Foreach) {
            TaskRecord split = input(spec.run(), opener.name(), spec.task(), spec);
            String parent = node.parents().get(0);
            List<String> children = new ArrayList<>(split.foreachSize());
            for (int i = 0; i < split.foreachSize(); i++) {
                children.add(TaskIds.child(spec.task(), i));
            }
            // one listing and parallel reads: on S3, thousands of inputs read one by one would take minutes
            Map<String, TaskRecord> found = datastore.latestTasks(spec.run(), parent, children);
            List<TaskRecord> inputs = new ArrayList<>(children.size());
            for (String child : children) {
                inputs.add(checked(found.get(child), spec.run(), parent, child, spec));
            }
            return inputs;
        }
        List<TaskRecord> inputs = new ArrayList<>();
        for (String parent : node.parents()) {
            inputs.add(input(spec.run(), parent, spec.task(), spec));
        }
        return inputs;
    }

    private TaskRecord input(String run, String step, String task, TaskSpec reader) throws IOException {
        return checked(datastore.latestTask(run, step, task).orElse(null), run, step, task, reader);
    }

    /** The input's record when it succeeded; a missing or failed input is named. */
    private static TaskRecord checked(TaskRecord record, String run, String step, String task, TaskSpec reader) {
        if (record == null) {
            throw new IllegalStateException("task " + reader + " needs " + step + "/" + task
                    + ", which has no record in run " + run + ": it has not run yet, or its record was lost");
        }
        if (!record.succeeded()) {
            throw new IllegalStateException("task " + reader + " needs " + step + "/" + task + ", which failed");
        }
        return record;
    }

    private FlowSpec prepare(TaskSpec spec, StepNode node, List<TaskRecord> inputs, Loaded loaded, TaskFiles files)
            throws Exception {
        Map<String, Object> parameters = parameters(spec.run());
        FlowSpec flow = FlowInstances.create(graph, parameters);
        loaded.instances.add(flow);
        FlowInstances.setCurrent(
                flow,
                new dev.cairn.flow.TaskInfo(
                        graph.name(),
                        spec.run(),
                        spec.step(),
                        spec.task(),
                        spec.attemptNumber(),
                        files.location(),
                        files.folder()));
        int index = TaskIds.index(spec.task());
        if (node.join()) {
            List<FlowSpec> joined = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                FlowSpec instance = FlowInstances.create(graph, parameters);
                loaded.instances.add(instance);
                joined.add(instance);
            }
            // every input's artifacts before the step starts (its code reads fields): in parallel, or a
            // join of thousands would wait a round trip per artifact per input. The first input alone first:
            // what the inputs inherited in common is then decoded once, not by every reader at once.
            if (!inputs.isEmpty()) {
                load(joined.get(0), inputs.get(0), new Loaded());
            }
            List<Integer> positions =
                    java.util.stream.IntStream.range(1, inputs.size()).boxed().toList();
            ParallelReads.map(positions, datastore.parallelReads(), i -> {
                load(joined.get(i), inputs.get(i), new Loaded());
                return i;
            });
            loaded.inputs =
                    new Inputs<>(joined, inputs.stream().map(TaskRecord::step).toList());
            FlowInstances.setForeach(flow, index, false, null);
            return flow;
        }
        if (!inputs.isEmpty()) {
            TaskRecord parent = inputs.get(0);
            load(flow, parent, loaded);
            if (graph.step(parent.step()).transition() instanceof Transition.Foreach foreach) {
                FlowInstances.setForeach(flow, index, true, item(flow, foreach.artifact(), index));
                return flow;
            }
        }
        FlowInstances.setForeach(flow, index, false, null);
        return flow;
    }

    private Map<String, Object> parameters(String run) throws IOException {
        Map<String, Object> cached = parametersByRun.get(run);
        if (cached == null) {
            RunRecord record = datastore
                    .readRun(run)
                    .orElseThrow(() ->
                            new IllegalStateException("run " + run + " has no run record in " + datastore.location()));
            cached = record.parameters() == null ? Map.of() : record.parameters();
            parametersByRun.put(run, cached);
        }
        return cached;
    }

    private void load(FlowSpec flow, TaskRecord from, Loaded loaded) throws IOException, IllegalAccessException {
        for (Map.Entry<String, ArtifactRef> artifact : from.artifacts().entrySet()) {
            Field field = fields.get(artifact.getKey());
            loaded.refs.put(artifact.getKey(), artifact.getValue());
            if (field == null) {
                continue; // an artifact of another code version; kept by reference
            }
            Frozen value = read(artifact.getKey(), artifact.getValue(), field, from);
            field.set(flow, value.value());
            if (value.immutable()) {
                loaded.immutable.put(artifact.getKey(), value.value());
            }
        }
    }

    private Frozen read(String name, ArtifactRef ref, Field field, TaskRecord from) throws IOException {
        try {
            return artifacts.read(ref, field.getGenericType());
        } catch (DamagedBlobException e) {
            throw e.in(name, from.pathspec());
        } catch (MissingBlobException e) {
            throw e.in(name, from.pathspec());
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    "cannot read artifact `" + name + "` of " + from.pathspec() + " (written as " + ref.type()
                            + " by codec " + ref.codec() + ") into field " + field.getName() + " of type "
                            + field.getGenericType().getTypeName() + ": " + e.getMessage(),
                    e);
        }
    }

    private static Object item(FlowSpec flow, String artifact, int index) throws ReflectiveOperationException {
        Object items = FlowInstances.field(flow.getClass(), artifact).get(flow);
        if (items instanceof List<?> list) {
            return list.get(index);
        }
        if (items instanceof Collection<?> collection) {
            return collection.stream().skip(index).findFirst().orElseThrow();
        }
        return Array.get(items, index);
    }

    private void invoke(FlowSpec flow, StepNode node, TaskSpec spec, Inputs<?> joined) throws Throwable {
        Method method = stepMethod(node);
        Object[] args = node.join() ? new Object[] {joined} : new Object[0];
        Optional<java.time.Duration> timeout = node.settings().timeout();
        if (timeout.isEmpty()) {
            method.invoke(flow, args);
            return;
        }
        Throwable[] thrown = new Throwable[1];
        Thread worker = Thread.ofPlatform()
                .daemon()
                .name("cairn-" + spec.step() + "-" + spec.task())
                .start(() -> {
                    try {
                        method.invoke(flow, args);
                    } catch (Throwable e) { // an Error too: the step failed, it must not pass for done
                        thrown[0] = e;
                    }
                });
        if (!worker.join(timeout.get())) {
            worker.interrupt();
            throw new TimeoutException("step `" + spec.step() + "` ran longer than its @Timeout of "
                    + timeout.get().toSeconds() + " s");
        }
        if (thrown[0] != null) {
            throw thrown[0];
        }
    }

    private Method stepMethod(StepNode node) {
        return methods.computeIfAbsent(node.name(), name -> findStepMethod(node));
    }

    private Method findStepMethod(StepNode node) {
        for (Class<?> c = graph.flowClass(); c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(node.name()) && m.isAnnotationPresent(dev.cairn.flow.Step.class)) {
                    m.setAccessible(true);
                    return m;
                }
            }
        }
        throw new IllegalStateException("no step method " + node.name());
    }

    private Map<String, ArtifactRef> collect(FlowSpec flow, Loaded loaded) throws IOException, IllegalAccessException {
        Map<String, ArtifactRef> refs = new HashMap<>();
        loaded.refs.forEach((name, ref) -> {
            if (!fields.containsKey(name)) {
                refs.put(name, ref);
            }
        });
        for (Map.Entry<String, Field> entry : fields.entrySet()) {
            String name = entry.getKey();
            Field field = entry.getValue();
            Object value = field.get(flow);
            boolean inherited = loaded.refs.containsKey(name);
            if (value == null || !inherited && Objects.deepEquals(value, field.get(pristine()))) {
                continue; // never set: a reader gets the field's initial value anyway
            }
            Object before = loaded.immutable.get(name);
            refs.put(
                    name,
                    before == value ? loaded.refs.get(name) : artifacts.write(name, value, field.getGenericType()));
        }
        return refs;
    }

    /** A flow instance as its constructor leaves it: what "not set by any step" looks like. */
    private FlowSpec pristine() {
        FlowSpec p = pristine;
        if (p == null) {
            try {
                p = pristine = FlowInstances.create(graph, Map.of());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "cannot create " + graph.flowClass().getName(), e);
            }
        }
        return p;
    }

    private static Integer foreachSize(FlowSpec flow, StepNode node) throws ReflectiveOperationException {
        if (!(node.transition() instanceof Transition.Foreach foreach)) {
            return null;
        }
        Object items = FlowInstances.field(flow.getClass(), foreach.artifact()).get(flow);
        int size = items == null ? 0 : items instanceof Collection<?> c ? c.size() : Array.getLength(items);
        if (size == 0) {
            throw new IllegalStateException("step `" + node.name() + "` fans out over `" + foreach.artifact()
                    + "`, which is " + (items == null ? "null" : "empty") + ": give it at least one item");
        }
        if (foreach.maxItems() > 0 && size > foreach.maxItems()) {
            // the deployed state machine was sized for the declared bound: a longer list would break it mid-run
            throw new IllegalStateException(
                    "step `" + node.name() + "` fans out over " + size + " items of `" + foreach.artifact()
                            + "`, more than its declared maxItems = " + foreach.maxItems()
                            + ": raise @Step(maxItems) (and redeploy)"
                            + " or shorten the list");
        }
        return size;
    }

    /** What a task read, to tell unchanged inherited artifacts from new values, and the instances it made. */
    private static final class Loaded {
        final Map<String, ArtifactRef> refs = new HashMap<>();
        final Map<String, Object> immutable = new HashMap<>();
        final List<FlowSpec> instances = new ArrayList<>();
        Inputs<?> inputs;

        /**
         * Lets go of what a failed attempt's instances hold (the step's own fields and its inputs'), which may
         * be what filled the heap; it allocates next to nothing (the heap reserve just let go of has room for
         * that). The artifact references stay, for the record.
         */
        void release(List<Field> fields) {
            for (FlowSpec instance : instances) {
                for (Field field : fields) {
                    try {
                        field.set(instance, null);
                    } catch (IllegalAccessException | RuntimeException e) {
                        // a final field of a record-like class: it stays, the instance goes with the attempt
                    }
                }
            }
            instances.clear();
            immutable.clear();
            inputs = null;
        }
    }
}
