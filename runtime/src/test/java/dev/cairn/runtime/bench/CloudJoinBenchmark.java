package dev.cairn.runtime.bench;

import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.ParallelReads;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.TaskStatus;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.datastore.s3.LatencyProxy;
import dev.cairn.datastore.s3.S3ObjectStore;
import dev.cairn.datastore.s3.S3Proxy;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.cloud.StepRequest;
import dev.cairn.runtime.cloud.StepRunner;
import dev.cairn.runtime.task.CodeVersion;
import dev.cairn.runtime.task.TaskRunner;
import dev.cairn.runtime.task.TaskSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * bench/cloud-join: a join of N inputs run as {@code cairn step} runs it in a Batch job, against s3proxy behind a
 * {@link LatencyProxy} that adds a region's round trip to every request. The foreach's N task records (and their
 * small artifacts) are written straight to s3proxy, without the delay; the join then runs through {@link StepRunner}
 * in a datastore that has read nothing yet, as a fresh job's has.
 *
 * <p>Usage: {@code CloudJoinBenchmark N [--latency-ms 20] [--parallel-reads 64] [--sequential M]}: {@code M}
 * inputs (default min(N, 500); 0 skips it) are also read the way joins read them before bulk reads (a listing, a
 * head and a get per input record, then a get per artifact, one after another), for the before/after figure.
 */
public final class CloudJoinBenchmark {
    private static final String BRANCH = "bench.cloud";
    private static final String RUN = "20261205-000000-c10d01";

    private CloudJoinBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int latencyMs = 20;
        int parallelReads = 64;
        int sequential = Math.min(n, 500);
        for (int i = 1; i + 1 < args.length; i += 2) {
            int value = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--latency-ms" -> latencyMs = value;
                case "--parallel-reads" -> parallelReads = value;
                case "--sequential" -> sequential = Math.min(n, value);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + ": give N [--latency-ms MS] [--parallel-reads P] [--sequential M]");
            }
        }
        long started = System.nanoTime();
        FlowGraph graph = FlowGraph.of(CloudJoinBenchFlow.class);
        try (S3Proxy s3 = new S3Proxy();
                LatencyProxy slow = LatencyProxy.of(s3, Duration.ofMillis(latencyMs))) {
            String bucket = s3.newBucket();
            long writing = System.nanoTime();
            writeForeach(graph, new S3ObjectStore(s3.client(), bucket, "cairn"), n);
            System.out.printf(
                    Locale.ROOT,
                    "wrote the run, start and %d work records with their artifacts to s3proxy in %.1f s%n",
                    n,
                    seconds(System.nanoTime() - writing));

            FlowDatastore reader = datastore(graph, new S3ObjectStore(slow.client(), bucket, "cairn", parallelReads));
            slow.resetCounts();
            StringWriterSink out = new StringWriterSink();
            long cpuBefore = processCpuNanos();
            long joinStarted = System.nanoTime();
            int exit = new StepRunner(graph, reader, Map.of(), out.writer(), out.writer())
                    .run(StepRequest.task(RUN, "join", "0"));
            long joinEnded = System.nanoTime();
            double cpu = seconds(processCpuNanos() - cpuBefore);
            if (exit != StepRunner.SUCCEEDED) {
                System.err.print(out);
                throw new IllegalStateException("the join failed: " + out);
            }
            long codeStarted = CloudJoinBenchFlow.JOIN_CODE_STARTED.get();
            double toCode = seconds(codeStarted - joinStarted);
            double total = seconds(joinEnded - joinStarted);
            System.out.printf(
                    Locale.ROOT,
                    "join of %d inputs, %d ms per request, %d reads in flight: its code started after %.2f s,"
                            + " the task took %.2f s; S3 requests %s%n",
                    n,
                    latencyMs,
                    parallelReads,
                    toCode,
                    total,
                    slow.requestsByOperation());

            Map<LatencyProxy.Operation, Long> joinRequests = slow.requestsByOperation();
            long requests =
                    joinRequests.values().stream().mapToLong(Long::longValue).sum();
            // what the round trips alone take with that many in flight: the rest is CPU, which this process
            // shares with s3proxy and the proxy (and, on a busy machine, with everything else)
            double floor = requests / (double) parallelReads * latencyMs / 1000;
            System.out.printf(
                    Locale.ROOT,
                    "round trips alone: %.1f s; CPU used by this process (s3proxy and the proxy included) during the"
                            + " join: %.1f s%n",
                    floor,
                    cpu);
            String before = "";
            if (sequential > 0) {
                slow.resetCounts();
                double oldSeconds =
                        sequentialReads(graph, new S3ObjectStore(slow.client(), bucket, "cairn"), sequential);
                double extrapolated = oldSeconds / sequential * n;
                System.out.printf(
                        Locale.ROOT,
                        "before bulk reads (one input after another): %d inputs took %.2f s, S3 requests %s;"
                                + " %d inputs would take %.1f s%n",
                        sequential,
                        oldSeconds,
                        slow.requestsByOperation(),
                        n,
                        extrapolated);
                before = String.format(
                        Locale.ROOT,
                        " sequential_inputs=%d sequential_s=%.2f sequential_extrapolated_s=%.1f",
                        sequential,
                        oldSeconds,
                        extrapolated);
            }
            System.out.printf(
                    Locale.ROOT,
                    "inputs=%d latency_ms=%d parallel_reads=%d join_code_start_s=%.2f join_total_s=%.2f"
                            + " round_trip_floor_s=%.1f join_cpu_s=%.1f requests=%d %s%s peak_rss_mb=%d bench_s=%.1f%n",
                    n,
                    latencyMs,
                    parallelReads,
                    toCode,
                    total,
                    floor,
                    cpu,
                    requests,
                    String.join(
                            " ",
                            joinRequests.entrySet().stream()
                                    .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + "=" + e.getValue())
                                    .toList()),
                    before,
                    peakRssMb(),
                    seconds(System.nanoTime() - started));
        }
    }

    private static FlowDatastore datastore(FlowGraph graph, S3ObjectStore store) {
        return new FlowDatastore(store, graph.project(), BRANCH, graph.name());
    }

    /** The run record, start's task (run for real) and N work records with an `item` each, 32 writes at a time. */
    private static void writeForeach(FlowGraph graph, S3ObjectStore store, int n) throws Exception {
        FlowDatastore writer = datastore(graph, store);
        String code = CodeVersion.of(graph.flowClass());
        writer.writeRun(new RunRecord(
                graph.name(),
                graph.project(),
                BRANCH,
                RUN,
                RunStatus.RUNNING,
                Map.of("width", n),
                code,
                Instant.now(),
                null,
                null,
                null,
                null,
                "bench"));
        ArtifactStore artifacts =
                new ArtifactStore(writer.blobs(), Codecs.discover(CloudJoinBenchmark.class.getClassLoader()));
        TaskRecord start = new TaskRunner(graph, writer, artifacts, code).run(new TaskSpec(RUN, "start", "0", 0));
        if (!start.succeeded()) {
            throw new IllegalStateException("start failed: " + start.error());
        }
        ArtifactRef items = start.artifacts().get("items");
        ParallelReads.map(IntStream.range(0, n).boxed().toList(), 32, i -> {
            Instant now = Instant.now();
            writer.writeTask(new TaskRecord(
                    graph.name(),
                    RUN,
                    "work",
                    "0-" + i,
                    0,
                    TaskStatus.SUCCEEDED,
                    Map.of("items", items, "item", artifacts.write("item", i, int.class)),
                    null,
                    List.of(start.pathspec()),
                    null,
                    null,
                    null,
                    now,
                    now,
                    code,
                    null));
            return i;
        });
    }

    /**
     * What a join did before bulk reads, for {@code m} inputs: each input's latest record (a listing of its
     * attempts, a head and a get), then its artifacts, one input after another.
     */
    private static double sequentialReads(FlowGraph graph, S3ObjectStore store, int m) throws Exception {
        FlowDatastore reader = datastore(graph, store);
        ArtifactStore artifacts =
                new ArtifactStore(reader.blobs(), Codecs.discover(CloudJoinBenchmark.class.getClassLoader()));
        java.lang.reflect.Type itemsType =
                CloudJoinBenchFlow.class.getDeclaredField("items").getGenericType();
        long started = System.nanoTime();
        for (int i = 0; i < m; i++) {
            TaskRecord input = reader.latestTask(RUN, "work", "0-" + i).orElseThrow();
            artifacts.read(input.artifacts().get("items"), itemsType);
            artifacts.read(input.artifacts().get("item"), int.class);
        }
        return seconds(System.nanoTime() - started);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** VmHWM of this process (s3proxy and the proxy included) in MB, from /proc/self/status; -1 where there is none. */
    private static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    /** What the step runner prints, kept to show when the join fails. */
    private static final class StringWriterSink {
        private final java.io.StringWriter text = new java.io.StringWriter();
        private final PrintWriter writer = new PrintWriter(text, true);

        PrintWriter writer() {
            return writer;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
