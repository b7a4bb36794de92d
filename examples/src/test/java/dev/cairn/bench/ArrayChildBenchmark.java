package dev.cairn.bench;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.s3.LatencyProxy;
import dev.cairn.datastore.s3.S3ObjectStore;
import dev.cairn.datastore.s3.S3Proxy;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.cloud.StepRequest;
import dev.cairn.runtime.cloud.StepRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Array children as processes, run by {@code bench/array-child N K}: the {@code work} step of {@link
 * ForeachBenchmarkFlow} (N tasks of small work) run as AWS Batch runs an array job, each child a separate {@code
 * ./cairn step ... --chunk-offset 0 --tasks-per-child K} process with its {@code AWS_BATCH_JOB_ARRAY_INDEX}, as many
 * at a time as the machine has CPUs, against s3proxy behind {@link LatencyProxy} (a region's round trip added to
 * every S3 request). Then the same with one task per child on a sample of the tasks (a fresh run). For each: wall
 * seconds of all children together and CPU seconds of the child processes (user + system of every reaped child,
 * from this JVM's {@code /proc/self/stat}), each per task. The last line:
 *
 * <pre>{@code
 * tasks=2000 k=100 latency_ms=20 wall_s_per_task=... cpu_s_per_task=... k1_sample=100 k1_wall_s_per_task=...
 *     k1_cpu_s_per_task=... wall_ratio=... cpu_ratio=...
 * }</pre>
 *
 * The run's start and plan are written in this JVM (not measured).
 */
public final class ArrayChildBenchmark {
    private static final String BUCKET = "cairn-bench";
    private static final String PREFIX = "cairn";
    private static final String BRANCH = "bench.array";
    /** Linux's USER_HZ: the unit of /proc's CPU times. */
    private static final double CLOCK_TICKS_PER_S = 100.0;

    private record Phase(int tasks, int children, double wallSeconds, double cpuSeconds, int failed) {
        double wallPerTask() {
            return wallSeconds / tasks;
        }

        double cpuPerTask() {
            return cpuSeconds / tasks;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ArrayChildBenchmark CAIRN_LAUNCHER N K [--latency-ms MS] [--sample S]");
            System.exit(2);
        }
        Path launcher = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        int latencyMs = 20;
        int sample = Math.min(n, 100);
        String childJavaOptions = null;
        for (int i = 3; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--latency-ms" -> latencyMs = Integer.parseInt(args[i + 1]);
                case "--sample" -> sample = Math.min(n, Integer.parseInt(args[i + 1]));
                case "--child-java-options" -> childJavaOptions = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int parallel = Runtime.getRuntime().availableProcessors();
        FlowGraph graph = FlowGraph.of(ForeachBenchmarkFlow.class);
        try (S3Proxy s3 = new S3Proxy();
                LatencyProxy slow = LatencyProxy.of(s3, Duration.ofMillis(latencyMs))) {
            s3.client().createBucket(b -> b.bucket(BUCKET));
            FlowDatastore datastore = new FlowDatastore(
                    new S3ObjectStore(slow.client(), BUCKET, PREFIX), graph.project(), BRANCH, graph.name());
            Map<String, String> env = new HashMap<>(slow.environment(s3));
            if (childJavaOptions != null) {
                env.put("JAVA_TOOL_OPTIONS", childJavaOptions);
            }
            System.out.printf(
                    Locale.ROOT,
                    "array children: %d tasks of %s.work, %d per child (%d children), %d at a time, %d ms per S3"
                            + " request%n",
                    n,
                    graph.name(),
                    k,
                    (n + k - 1) / k,
                    parallel,
                    latencyMs);

            String run = "array-child-k" + k;
            planned(graph, datastore, env, run, n);
            slow.resetCounts();
            Phase chunked = children(launcher, env, run, n, k, parallel);
            long requests = slow.requests();
            check(datastore, run, n);
            report("k=" + k, chunked, requests);

            String baseline = "array-child-k1";
            planned(graph, datastore, env, baseline, n);
            slow.resetCounts();
            Phase single = children(launcher, env, baseline, sample, 1, parallel);
            report("k=1 (the first " + sample + " tasks only, to keep it short)", single, slow.requests());

            System.out.printf(
                    Locale.ROOT,
                    "tasks=%d k=%d latency_ms=%d wall_s_per_task=%.4f cpu_s_per_task=%.4f k1_sample=%d"
                            + " k1_wall_s_per_task=%.4f k1_cpu_s_per_task=%.4f wall_ratio=%.1f cpu_ratio=%.1f%n",
                    n,
                    k,
                    latencyMs,
                    chunked.wallPerTask(),
                    chunked.cpuPerTask(),
                    sample,
                    single.wallPerTask(),
                    single.cpuPerTask(),
                    single.wallPerTask() / chunked.wallPerTask(),
                    single.cpuPerTask() / chunked.cpuPerTask());
        }
        System.exit(0); // s3proxy's threads
    }

    /** The run's start task and the plan of {@code work}, written in this JVM as the start and plan jobs would. */
    private static void planned(FlowGraph graph, FlowDatastore datastore, Map<String, String> env, String run, int n)
            throws IOException {
        StringWriter err = new StringWriter();
        StepRunner runner =
                new StepRunner(graph, datastore, Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err));
        if (runner.run(StepRequest.task(run, "start", "0").withParameters("{\"tasks\": " + n + "}")) != 0
                || runner.run(StepRequest.plan(run, "work")) != 0) {
            throw new IllegalStateException("the start or plan of " + run + " failed: " + err);
        }
    }

    /** Runs the first {@code tasks} tasks of the plan as children of {@code k}, {@code parallel} processes at a time. */
    private static Phase children(Path launcher, Map<String, String> env, String run, int tasks, int k, int parallel)
            throws Exception {
        int children = (tasks + k - 1) / k;
        List<Future<Integer>> exits = new ArrayList<>();
        double cpuBefore = reapedChildrenCpuSeconds();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            for (int i = 0; i < children; i++) {
                int index = i;
                exits.add(pool.submit(() -> child(launcher, env, run, index, k)));
            }
            int failed = 0;
            for (Future<Integer> exit : exits) {
                if (exit.get() != 0) {
                    failed++;
                }
            }
            double wall = (System.nanoTime() - started) / 1e9;
            double cpu = reapedChildrenCpuSeconds() - cpuBefore;
            return new Phase(tasks, children, wall, cpu, failed);
        } finally {
            pool.shutdownNow();
        }
    }

    private static int child(Path launcher, Map<String, String> env, String run, int index, int k) throws Exception {
        List<String> command = List.of(
                launcher.toString(),
                "step",
                ForeachBenchmarkFlow.class.getSimpleName(),
                "--datastore",
                "s3://" + BUCKET + "/" + PREFIX,
                "--branch",
                BRANCH,
                "--run",
                run,
                "--step",
                "work",
                "--chunk-offset",
                "0",
                "--tasks-per-child",
                Integer.toString(k));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put(StepRunner.ARRAY_INDEX, Integer.toString(index));
        builder.environment().put(StepRunner.JOB_ATTEMPT, "1");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("child " + index + " of " + run + " ran for 30 minutes");
        }
        if (process.exitValue() != 0) {
            System.err.println("child " + index + " of " + run + " exited " + process.exitValue() + ":\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
        return process.exitValue();
    }

    /** User and system CPU of this JVM's children that ended and were waited for (their own children included). */
    private static double reapedChildrenCpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // the fields after the command name, which is in parentheses and may hold spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long cutime = Long.parseLong(fields[13]); // field 16 of proc(5), counting from the state (field 3)
        long cstime = Long.parseLong(fields[14]);
        return (cutime + cstime) / CLOCK_TICKS_PER_S;
    }

    private static void check(FlowDatastore datastore, String run, int n) throws IOException {
        int records = datastore.taskIds(run, "work").size();
        if (records != n) {
            throw new IllegalStateException(run + " has " + records + " work records, expected " + n);
        }
    }

    private static void report(String label, Phase phase, long requests) {
        System.out.printf(
                Locale.ROOT,
                "%s: %d tasks in %d children: wall %.1f s (%.4f s per task), children's CPU %.1f s (%.4f s per task),"
                        + " %d S3 requests, %d children failed%n",
                label,
                phase.tasks(),
                phase.children(),
                phase.wallSeconds(),
                phase.wallPerTask(),
                phase.cpuSeconds(),
                phase.cpuPerTask(),
                requests,
                phase.failed());
    }

    private ArrayChildBenchmark() {}
}
