package dev.cairn.bench;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.BlobStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.runtime.local.LocalRuntime;
import dev.cairn.runtime.local.RunListener;
import dev.cairn.runtime.local.RunOptions;
import dev.cairn.runtime.task.TaskSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Local runtime benchmark, run by {@code bench/local-foreach N}:
 * <ol>
 *   <li>one cold run of {@link ForeachBenchmarkFlow} with N foreach tasks in this fresh JVM (no
 *       warm-up, as a user would run it), into a fresh temporary datastore, default max workers;
 *       checks that it succeeded, that N {@code work} task records were stored and the join's total;</li>
 *   <li>artifact throughput: {@link ArtifactStore#write} (SHA-256 + zstd + atomic file write) and
 *       {@link ArtifactStore#read} of 1 MB and 100 MB byte[] artifacts, against plain
 *       {@link Files#write} / {@link Files#readAllBytes} of the same bytes in the same folder.
 *       Every repetition writes new content, so the content addressing never skips a write.</li>
 * </ol>
 * The throughput part runs in a child JVM (same java, JVM options and classpath), so the
 * last line, {@code tasks=N wall_s=X tasks_per_s=Y peak_rss_mb=Z}, describes the flow run: Z is
 * this process's peak RSS (VmHWM from /proc/self/status) read at the very end.
 *
 * <p>The datastore goes to {@code java.io.tmpdir} (e.g. {@code CAIRN_JAVA_OPTS="... -Djava.io.tmpdir=/dev/shm"}
 * to take the disk out). On ext4 without a journal, creating files is much slower for a few
 * minutes after many files were deleted (the inode allocator steps over recently deleted inodes),
 * which includes the previous benchmark's cleanup: leave several minutes between runs there.
 */
public final class LocalForeachBenchmark {
    private static final double MB = 1_000_000.0;
    private static final String THROUGHPUT = "--artifact-throughput";

    private LocalForeachBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals(THROUGHPUT)) {
            Path dir = Path.of(args[1]);
            throughput(dir);
            System.out.printf(Locale.ROOT, "artifact throughput JVM: peak RSS %d MB%n", peakRssMb());
            System.out.flush();
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0].trim()) : 1000;
        if (n < 1) {
            throw new IllegalArgumentException("N must be at least 1, got " + n);
        }
        Path root = Files.createTempDirectory("cairn-bench-");
        try {
            double wall = foreachRun(n, root.resolve("foreach"));
            throughputInChildJvm(root.resolve("throughput"));
            // deleted last: deleting many files slows the file creations that follow on some file
            // systems (ext4 without a journal skips recently deleted inodes one by one)
            long d0 = System.nanoTime();
            deleteTree(root);
            System.out.printf(
                    Locale.ROOT,
                    "deleted the benchmark datastores in %.2f s (not counted)%n",
                    (System.nanoTime() - d0) / 1e9);
            System.out.printf(
                    Locale.ROOT,
                    "tasks=%d wall_s=%.2f tasks_per_s=%d peak_rss_mb=%d%n",
                    n,
                    wall,
                    Math.round(n / wall),
                    peakRssMb());
            System.out.flush();
        } finally {
            deleteTree(root);
        }
    }

    /**
     * Runs the throughput part in a JVM of its own (same java, options and classpath), so its
     * 100 MB buffers do not count in the peak RSS of the flow run, nor the run's heap in its figures.
     */
    static void throughputInChildJvm(Path dir) throws IOException, InterruptedException {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // a profiler attached to this run is not wanted there (and would overwrite its recording)
            if (!option.startsWith("-XX:StartFlightRecording")
                    && !option.startsWith("-XX:FlightRecorderOptions")
                    && !option.startsWith("-agentlib")
                    && !option.startsWith("-agentpath")
                    && !option.startsWith("-javaagent")) {
                command.add(option);
            }
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                LocalForeachBenchmark.class.getName(),
                THROUGHPUT,
                dir.toString()));
        System.out.flush();
        Process child = new ProcessBuilder(command).inheritIO().start();
        int exit = child.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("the artifact throughput JVM failed (exit " + exit + "): " + command);
        }
    }

    /** One cold run of the flow; returns its wall-clock seconds. */
    private static double foreachRun(int n, Path datastore) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        PhaseTimes phases = new PhaseTimes(t0);
        RunOptions options = RunOptions.defaults()
                .withDatastore(datastore)
                .withBranch("bench")
                .withListener(phases);
        FlowGraph graph = FlowGraph.of(ForeachBenchmarkFlow.class);
        RunRecord run = LocalRuntime.run(graph, Map.of("tasks", Integer.toString(n)), options);
        double wall = (System.nanoTime() - t0) / 1e9;
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        long rssAfterRun = peakRssMb();

        if (run.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException("benchmark run " + run.run() + " ended " + run.status() + " at "
                    + run.failedTask() + ": " + run.error());
        }
        FlowDatastore ds = LocalRuntime.datastore(graph, options);
        List<String> workTasks = ds.taskIds(run.run(), "work");
        long recordFiles = countRecordFiles(datastore, graph, options.branch(), run.run(), "work");
        if (workTasks.size() != n || recordFiles != n) {
            throw new IllegalStateException("expected " + n + " task records of `work`, found " + workTasks.size()
                    + " task ids and " + recordFiles + " record files");
        }
        long total = readTotal(ds, run.run());
        if (total != ForeachBenchmarkFlow.expectedTotal(n)) {
            throw new IllegalStateException(
                    "join total is " + total + ", expected " + ForeachBenchmarkFlow.expectedTotal(n));
        }
        System.out.printf(
                Locale.ROOT,
                "foreach: %d tasks of `work` in %.2f s wall (%.1f tasks/s), max_workers=%d, run %s: %s%n",
                n,
                wall,
                n / wall,
                options.maxWorkers(),
                run.run(),
                run.status());
        System.out.printf(
                Locale.ROOT,
                "foreach: datastore %s (%s)%n",
                datastore,
                Files.getFileStore(datastore).type());
        System.out.printf(
                Locale.ROOT,
                "foreach: verified %d `work` task ids and %d record files; join total %d = N*(N-1)%n",
                workTasks.size(),
                recordFiles,
                total);
        System.out.println("foreach: " + phases);
        System.out.printf(
                Locale.ROOT,
                "foreach: JVM uptime at end of run %.2f s; peak RSS after the run %d MB%n",
                uptimeMs / 1000.0,
                rssAfterRun);
        return wall;
    }

    /** When each step's first task started and its last one ended, from the start of the timing. */
    private static final class PhaseTimes implements RunListener {
        private final long t0;
        private final Map<String, long[]> steps = new ConcurrentHashMap<>(); // {first start, last end}

        PhaseTimes(long t0) {
            this.t0 = t0;
        }

        @Override
        public void taskStarted(TaskSpec task) {
            long now = System.nanoTime();
            long[] times = steps.computeIfAbsent(task.step(), s -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            synchronized (times) {
                times[0] = Math.min(times[0], now);
            }
        }

        @Override
        public void taskSucceeded(TaskRecord record, boolean reused) {
            long now = System.nanoTime();
            long[] times = steps.computeIfAbsent(record.step(), s -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            synchronized (times) {
                times[1] = Math.max(times[1], now);
            }
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("steps (first start - last end, s):");
            for (String step : List.of("start", "work", "join", "end")) {
                long[] times = steps.get(step);
                if (times != null) {
                    synchronized (times) {
                        out.append(String.format(
                                Locale.ROOT, " %s %.2f-%.2f", step, (times[0] - t0) / 1e9, (times[1] - t0) / 1e9));
                    }
                }
            }
            return out.toString();
        }
    }

    private static long countRecordFiles(Path datastore, FlowGraph graph, String branch, String run, String step)
            throws IOException {
        Path dir = datastore
                .resolve(graph.project())
                .resolve(branch)
                .resolve(graph.name())
                .resolve("runs")
                .resolve(run)
                .resolve(step);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                    .count();
        }
    }

    // ---- artifact throughput ----

    private record Stats(double medianMbps, double bestMbps) {
        static Stats of(double[] seconds, long bytes) {
            double[] rates =
                    Arrays.stream(seconds).map(s -> bytes / MB / s).sorted().toArray();
            int m = rates.length / 2;
            double median = rates.length % 2 == 1 ? rates[m] : (rates[m - 1] + rates[m]) / 2;
            return new Stats(median, rates[rates.length - 1]);
        }
    }

    private static void throughput(Path dir) throws IOException {
        // 1 MB first: its 50 repetitions also warm up the JIT (SHA-256 intrinsics) before the 100 MB case
        int[][] cases = {{1_000_000, 50}, {100_000_000, 5}};
        for (boolean compressible : new boolean[] {false, true}) {
            for (int[] c : cases) {
                throughput(dir.resolve((compressible ? "text-" : "floats-") + c[0]), c[0], c[1], compressible);
            }
        }
    }

    private static void throughput(Path dir, int size, int reps, boolean compressible) throws IOException {
        Files.createDirectories(dir);
        FlowDatastore ds =
                new FlowDatastore(new LocalObjectStore(dir.resolve("datastore")), "bench", "bench", "Throughput");
        ArtifactStore store =
                new ArtifactStore(ds.blobs(), Codecs.discover(LocalForeachBenchmark.class.getClassLoader()));
        Path plainDir = Files.createDirectories(dir.resolve("plain"));
        byte[] bytes = compressible ? csvText(size, 42) : gaussianFloats(size, 42);
        double[] dsWrite = new double[reps];
        double[] dsRead = new double[reps];
        double[] plainWrite = new double[reps];
        double[] plainRead = new double[reps];
        long storedBytes = 0;
        for (int r = 0; r < reps; r++) {
            // new content each time: the blob store skips content it already holds
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0x5EED_0000_0000_0000L + r);
            Path plain = plainDir.resolve("blob-" + r);
            ArtifactRef ref;
            long t;
            if (r % 2 == 0) { // alternate which goes first
                t = System.nanoTime();
                Files.write(plain, bytes);
                plainWrite[r] = (System.nanoTime() - t) / 1e9;
                t = System.nanoTime();
                ref = store.write("blob", bytes, byte[].class);
                dsWrite[r] = (System.nanoTime() - t) / 1e9;
            } else {
                t = System.nanoTime();
                ref = store.write("blob", bytes, byte[].class);
                dsWrite[r] = (System.nanoTime() - t) / 1e9;
                t = System.nanoTime();
                Files.write(plain, bytes);
                plainWrite[r] = (System.nanoTime() - t) / 1e9;
            }
            Path blob = dir.resolve("datastore")
                    .resolve(ds.project())
                    .resolve(ds.branch())
                    .resolve(ds.flow())
                    .resolve("data")
                    .resolve(ref.sha().substring(0, 2))
                    .resolve(ref.sha());
            if (!Files.isRegularFile(blob) || ref.size() != size) {
                throw new IllegalStateException(
                        "the datastore did not store blob " + ref.sha() + " of " + size + " bytes at " + blob);
            }
            storedBytes += Files.size(blob);

            byte[] back;
            t = System.nanoTime();
            back = Files.readAllBytes(plain);
            plainRead[r] = (System.nanoTime() - t) / 1e9;
            check(bytes, back, "plain file");
            t = System.nanoTime();
            back = (byte[]) store.read(ref, byte[].class).value();
            dsRead[r] = (System.nanoTime() - t) / 1e9;
            check(bytes, back, "datastore blob");
            back = null;
            Files.delete(plain);
            Files.delete(blob);
        }
        String label =
                String.format(Locale.ROOT, "%d MB %s", size / 1_000_000, compressible ? "csv text" : "gaussian floats");
        double ratio = (double) storedBytes / ((long) size * reps);
        Stats dw = Stats.of(dsWrite, size);
        Stats pw = Stats.of(plainWrite, size);
        Stats dr = Stats.of(dsRead, size);
        Stats pr = Stats.of(plainRead, size);
        System.out.printf(
                Locale.ROOT,
                "artifact %s x%d (zstd to %.0f%%): write datastore %.0f MB/s (best %.0f) vs plain %.0f MB/s (best %.0f) = %.2fx slower%n",
                label,
                reps,
                ratio * 100,
                dw.medianMbps,
                dw.bestMbps,
                pw.medianMbps,
                pw.bestMbps,
                pw.medianMbps / dw.medianMbps);
        System.out.printf(
                Locale.ROOT,
                "artifact %s x%d (zstd to %.0f%%): read  datastore %.0f MB/s (best %.0f) vs plain %.0f MB/s (best %.0f) = %.2fx slower%n",
                label,
                reps,
                ratio * 100,
                dr.medianMbps,
                dr.bestMbps,
                pr.medianMbps,
                pr.bestMbps,
                pr.medianMbps / dr.medianMbps);
        if (size >= 100_000_000) {
            components(label, bytes);
        }
    }

    /**
     * CPU bounds, in memory and into preallocated buffers: SHA-256, zstd at levels 1 and -5 both
     * ways. The figures above also pay for page faults wherever a fresh large array is allocated.
     */
    private static void components(String label, byte[] bytes) {
        int reps = 3;
        double[] sha = new double[reps];
        byte[] compressed = new byte[(int) Zstd.compressBound(bytes.length)];
        byte[] plain = new byte[bytes.length];
        StringBuilder line = new StringBuilder();
        for (int r = 0; r < reps; r++) {
            long t = System.nanoTime();
            BlobStore.sha256(bytes);
            sha[r] = (System.nanoTime() - t) / 1e9;
        }
        for (int level : new int[] {1, -5}) {
            double[] comp = new double[reps];
            double[] decomp = new double[reps];
            try (ZstdCompressCtx cctx = new ZstdCompressCtx();
                    ZstdDecompressCtx dctx = new ZstdDecompressCtx()) {
                cctx.setLevel(level);
                for (int r = 0; r < reps; r++) {
                    long t = System.nanoTime();
                    int n = cctx.compressByteArray(compressed, 0, compressed.length, bytes, 0, bytes.length);
                    comp[r] = (System.nanoTime() - t) / 1e9;
                    t = System.nanoTime();
                    dctx.decompressByteArray(plain, 0, plain.length, compressed, 0, n);
                    decomp[r] = (System.nanoTime() - t) / 1e9;
                }
            }
            line.append(String.format(
                    Locale.ROOT,
                    ", zstd %d compress %.0f / decompress %.0f MB/s",
                    level,
                    Stats.of(comp, bytes.length).medianMbps,
                    Stats.of(decomp, bytes.length).medianMbps));
        }
        System.out.printf(
                Locale.ROOT,
                "artifact %s CPU bounds: sha256 %.0f MB/s%s%n",
                label,
                Stats.of(sha, bytes.length).medianMbps,
                line);
    }

    private static void check(byte[] expected, byte[] actual, String what) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException(what + " read back differs from what was written");
        }
    }

    /** Model-weight-like bytes: N(0, 0.05) floats, little-endian; zstd barely shrinks them. */
    static byte[] gaussianFloats(int size, long seed) {
        Random random = new Random(seed);
        ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.remaining() >= 4) {
            buffer.putFloat((float) (random.nextGaussian() * 0.05));
        }
        while (buffer.hasRemaining()) {
            buffer.put((byte) random.nextInt());
        }
        return buffer.array();
    }

    /** Data-set-like bytes: CSV rows {@code id,country,value}; compresses a few times. */
    static byte[] csvText(int size, long seed) {
        Random random = new Random(seed);
        String[] countries = {"DE", "FR", "JP", "SE", "US", "BR", "IN", "NG"};
        byte[] out = new byte[size];
        StringBuilder line = new StringBuilder(64);
        int pos = 0;
        for (long id = 0; pos < size; id++) {
            line.setLength(0);
            line.append(id)
                    .append(',')
                    .append(countries[random.nextInt(countries.length)])
                    .append(',')
                    .append(random.nextInt(100_000) / 100.0)
                    .append('\n');
            for (int i = 0; i < line.length() && pos < size; i++) {
                out[pos++] = (byte) line.charAt(i);
            }
        }
        return out;
    }

    /** VmHWM of this process in MB (MiB), from /proc/self/status; -1 where there is none. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** The join's {@code total}, as stored by the {@code end} task of {@code run}. */
    static long readTotal(FlowDatastore ds, String run) throws IOException {
        TaskRecord end = ds.latestTask(run, "end", "0")
                .orElseThrow(() -> new IllegalStateException("run " + run + " has no end task"));
        ArtifactRef ref = end.artifacts().get("total");
        if (ref == null) {
            throw new IllegalStateException("the end task of run " + run + " has no `total` artifact");
        }
        ArtifactStore store =
                new ArtifactStore(ds.blobs(), Codecs.discover(LocalForeachBenchmark.class.getClassLoader()));
        return ((Number) store.read(ref, Long.class).value()).longValue();
    }
}
