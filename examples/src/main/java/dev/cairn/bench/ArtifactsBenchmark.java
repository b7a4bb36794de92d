package dev.cairn.bench;

import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.codec.Codecs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Numeric and tabular artifacts against plain files, run by {@code bench/artifacts}: a 200 MB {@code double[]}, a
 * 25-million {@code List<Double>} and a 10-million-row table of 4 numeric columns ({@link NumericColumns}). Each
 * case is written by {@link ArtifactStore#write} in a JVM of its own and read back by {@link ArtifactStore#read} in
 * another, so that each JVM's peak RSS (VmHWM) is that of one step writing or reading the value; two more JVMs write
 * and read the same numbers as a plain file (little-endian, through a 1 MB direct buffer and a FileChannel). Then the
 * 1 MB and 100 MB {@code byte[]} throughput figures of {@code bench/local-foreach}.
 *
 * <p>What the comparison holds equal, and what it does not:
 *
 * <ul>
 *   <li>Every phase, plain or datastore, runs in a cold JVM of its own (same java, options and classpath); its clock
 *       starts once the value is made (making the data is not measured on either side) and the store is opened, and
 *       stops when the value is written or read back whole.
 *   <li>Neither side forces its file to disk (no fsync): the datastore's local blob is a temporary file renamed into
 *       place, durable as the page cache is, like the plain file. Both reads find their file in the page cache,
 *       written by the JVM before.
 *   <li>The datastore also hashes every byte as it writes (SHA-256, its address, on a second thread, and CRC32C),
 *       and reads the blob to its end to check its CRC32C (the ref carries it, as a task record does); the plain
 *       file does neither.
 *   <li>The plain file of the boxed {@code List<Double>} is written from the list, unboxed as it is copied into the
 *       buffer, as any writer of that list must ({@code plain_write_s}); until issue 16's second round it was written
 *       from a {@code double[]} made before its clock started, which is still printed as
 *       {@code plain_array_write_s} with {@code write_x_array}, the datastore's time over it.
 * </ul>
 *
 * <p>Per case one line: {@code case=... data_mb write_s write_mbps write_x read_s read_mbps read_x plain_write_s
 * plain_read_s write_cpu_s write_cpu_x read_cpu_s read_cpu_x write_rss_mb write_rss_x read_rss_mb read_rss_x
 * rss_before_write_mb write_rss_added_mb write_rss_added_x write_rss_x_held stored_mb}, where {@code _x} ratios are datastore time
 * over plain file time and RSS over the data; {@code _cpu_} figures are the CPU seconds of the phase's JVM (all its
 * threads) and their ratio to the plain file's, which a busy machine disturbs less than wall time; {@code rss_before_write_mb} is the writing JVM's RSS with the value made, before the datastore touches it
 * (for the boxed list, mostly its 25 million Doubles), and {@code write_rss_added_mb} what writing it added on top
 * (peak minus that), {@code write_rss_added_x} that over the data, and {@code write_rss_x_held} the write's peak over
 * what the step held before it: the 2.5x RSS target is read against the data as the step holds it, which for the
 * boxed list is its 950 MB of Doubles, not the 200 MB of numbers in them.
 */
public final class ArtifactsBenchmark {
    private static final double MB = 1_000_000.0;
    static final int ARRAY_VALUES = 25_000_000; // 200 MB of doubles
    static final int TABLE_ROWS = 10_000_000; // 4 columns of 8 bytes: 320 MB

    /** A table as a user declares one: equal-length columns. */
    @dev.cairn.flow.ColumnTable
    public record NumericColumns(long[] id, double[] price, double[] score, long[] count) {}

    /** The declared types of the cases, as a flow's fields declare them. */
    @SuppressWarnings("unused")
    private static final class Fields {
        double[] array;
        List<Double> list;
        NumericColumns table;
    }

    private ArtifactsBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3) {
            child(args[0], args[1], Path.of(args[2]));
            return;
        }
        Path root = Files.createTempDirectory("cairn-bench-artifacts-");
        try {
            for (String kind : List.of("array", "list", "table")) {
                Path dir = Files.createDirectories(root.resolve(kind));
                String write = inChildJvm("write", kind, dir);
                String read = inChildJvm("read", kind, dir);
                String plainWrite = inChildJvm("plain-write", kind, dir);
                String plainRead = inChildJvm("plain-read", kind, dir);
                summary(kind, write, read, plainWrite, plainRead);
                LocalForeachBenchmark.deleteTree(dir);
            }
            LocalForeachBenchmark.throughputInChildJvm(root.resolve("throughput"));
        } finally {
            LocalForeachBenchmark.deleteTree(root);
        }
    }

    private static void summary(String kind, String write, String read, String plainWrite, String plainRead) {
        String[] w = write.split(" "); // seconds rss_mb stored_bytes data_bytes rss_before_mb cpu_s
        String[] r = read.split(" "); // seconds rss_mb cpu_s
        String[] p = plainWrite.split(" "); // seconds cpu_s [seconds from a prepared array]
        String[] q = plainRead.split(" "); // seconds cpu_s
        double data = Double.parseDouble(w[3]) / MB;
        double ws = Double.parseDouble(w[0]);
        double rs = Double.parseDouble(r[0]);
        double pw = Double.parseDouble(p[0]);
        double pr = Double.parseDouble(q[0]);
        String cpu = String.format(
                Locale.ROOT,
                " write_cpu_s=%.2f write_cpu_x=%.2f read_cpu_s=%.2f read_cpu_x=%.2f",
                Double.parseDouble(w[5]),
                Double.parseDouble(w[5]) / Double.parseDouble(p[1]),
                Double.parseDouble(r[2]),
                Double.parseDouble(r[2]) / Double.parseDouble(q[1]));
        double mib = 1_048_576 / MB;
        long writeRss = Long.parseLong(w[1]);
        long before = Long.parseLong(w[4]);
        String array = p.length > 2
                ? String.format(
                        Locale.ROOT,
                        " plain_array_write_s=%.2f write_x_array=%.2f",
                        Double.parseDouble(p[2]),
                        ws / Double.parseDouble(p[2]))
                : "";
        System.out.printf(
                Locale.ROOT,
                "case=%s data_mb=%.0f write_s=%.2f write_mbps=%.0f write_x=%.2f read_s=%.2f read_mbps=%.0f read_x=%.2f"
                        + " plain_write_s=%.2f plain_read_s=%.2f%s%s write_rss_mb=%d write_rss_x=%.2f read_rss_mb=%d"
                        + " read_rss_x=%.2f rss_before_write_mb=%d write_rss_added_mb=%d write_rss_added_x=%.2f"
                        + " write_rss_x_held=%.2f stored_mb=%.0f%n",
                kind,
                data,
                ws,
                data / ws,
                ws / pw,
                rs,
                data / rs,
                rs / pr,
                pw,
                pr,
                array,
                cpu,
                writeRss,
                writeRss * mib / data,
                Long.parseLong(r[1]),
                Long.parseLong(r[1]) * mib / data,
                before,
                writeRss - before,
                (writeRss - before) * mib / data,
                (double) writeRss / before,
                Long.parseLong(w[2]) / MB);
        System.out.flush();
    }

    private static void child(String phase, String kind, Path dir) throws Exception {
        switch (phase) {
            case "write" -> {
                Object value = make(kind);
                ArtifactStore store = store(dir);
                long before = rssMb();
                double cpu = cpuSeconds();
                long t = System.nanoTime();
                ArtifactRef ref = store.write(kind, value, declared(kind));
                double seconds = (System.nanoTime() - t) / 1e9;
                cpu = cpuSeconds() - cpu;
                Files.writeString(
                        dir.resolve("ref"), ref.sha() + " " + ref.codec() + " " + ref.size() + " " + ref.crc32c());
                long stored;
                try (Stream<Path> files = Files.walk(dir.resolve("datastore"))) {
                    stored = files.filter(f -> f.getFileName().toString().equals(ref.sha()))
                            .mapToLong(f -> f.toFile().length())
                            .sum();
                }
                System.out.printf(
                        Locale.ROOT,
                        "%.3f %d %d %d %d %.3f%n",
                        seconds,
                        LocalForeachBenchmark.peakRssMb(),
                        stored,
                        (long) dataValues(kind) * Double.BYTES,
                        before,
                        cpu);
            }
            case "read" -> {
                String[] ref = Files.readString(dir.resolve("ref")).split(" ");
                ArtifactStore store = store(dir);
                double cpu = cpuSeconds();
                long t = System.nanoTime();
                // the ref as the task record carries it: with its CRC32C, which the read checks
                String crc32c = ref[3].equals("null") ? null : ref[3];
                Object value = store.read(
                                new ArtifactRef(
                                        ref[0],
                                        ref[1],
                                        declared(kind).getTypeName(),
                                        Long.parseLong(ref[2]),
                                        crc32c,
                                        null),
                                declared(kind))
                        .value();
                double seconds = (System.nanoTime() - t) / 1e9;
                cpu = cpuSeconds() - cpu;
                check(kind, value);
                System.out.printf(Locale.ROOT, "%.3f %d %.3f%n", seconds, LocalForeachBenchmark.peakRssMb(), cpu);
            }
            case "plain-write" -> plainWrite(kind, dir.resolve("plain.bin"));
            case "plain-read" -> plainRead(kind, dir.resolve("plain.bin"));
            default -> throw new IllegalArgumentException("unknown phase " + phase);
        }
    }

    private static ArtifactStore store(Path dir) throws IOException {
        FlowDatastore ds =
                new FlowDatastore(new LocalObjectStore(dir.resolve("datastore")), "bench", "bench", "Artifacts");
        return new ArtifactStore(ds.blobs(), Codecs.discover(ArtifactsBenchmark.class.getClassLoader()));
    }

    private static Type declared(String kind) throws NoSuchFieldException {
        return Fields.class.getDeclaredField(kind).getGenericType();
    }

    private static int dataValues(String kind) {
        return kind.equals("table") ? TABLE_ROWS * 4 : ARRAY_VALUES;
    }

    /** Prices with cents and counts: numbers as they come from data, not noise. */
    private static Object make(String kind) {
        Random random = new Random(42);
        return switch (kind) {
            case "array" -> doubles(ARRAY_VALUES, random);
            case "list" -> {
                List<Double> list = new ArrayList<>(ARRAY_VALUES);
                for (int i = 0; i < ARRAY_VALUES; i++) {
                    list.add(random.nextGaussian());
                }
                yield list;
            }
            case "table" -> {
                long[] id = new long[TABLE_ROWS];
                long[] count = new long[TABLE_ROWS];
                for (int i = 0; i < TABLE_ROWS; i++) {
                    id[i] = i;
                    count[i] = random.nextInt(1000);
                }
                yield new NumericColumns(id, doubles(TABLE_ROWS, random), doubles(TABLE_ROWS, random), count);
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static double[] doubles(int n, Random random) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }

    private static void check(String kind, Object value) {
        int n = switch (value) {
            case double[] a -> a.length;
            case List<?> l -> l.size();
            case NumericColumns t -> t.id().length + t.price().length + t.score().length + t.count().length;
            default -> -1;
        };
        if (n != dataValues(kind)) {
            throw new IllegalStateException(kind + " read back holds " + n + " values, not " + dataValues(kind));
        }
    }

    /** CPU seconds this JVM has used, all its threads (the hashing thread, the JIT and GC threads too). */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    /** The writing JVM's resident set now (VmRSS), in MiB. */
    private static long rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /** The value's columns as the plain file holds them: primitive arrays, or the boxed list itself. */
    private static List<Object> columns(Object value) {
        return switch (value) {
            case NumericColumns t -> List.of(t.id(), t.price(), t.score(), t.count());
            default -> List.of(value);
        };
    }

    private static int length(Object column) {
        return switch (column) {
            case double[] d -> d.length;
            case long[] l -> l.length;
            case List<?> l -> l.size();
            default -> throw new IllegalArgumentException(column.getClass().getName());
        };
    }

    /**
     * The same numbers through a FileChannel and a 1 MB direct buffer: what any binary file costs. A boxed list is
     * unboxed into the buffer as it goes; for it the time from a {@code double[]} made before the clock starts (the
     * earlier baseline) is printed too.
     */
    private static void plainWrite(String kind, Path file) throws IOException {
        Object value = make(kind);
        List<Object> columns = columns(value);
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        double cpu = cpuSeconds();
        long t = System.nanoTime();
        write(columns, buffer, file);
        double seconds = (System.nanoTime() - t) / 1e9;
        cpu = cpuSeconds() - cpu;
        if (value instanceof List<?> list) {
            List<Object> array =
                    List.of(list.stream().mapToDouble(d -> (Double) d).toArray());
            t = System.nanoTime();
            write(array, buffer, file);
            System.out.printf(Locale.ROOT, "%.3f %.3f %.3f%n", seconds, cpu, (System.nanoTime() - t) / 1e9);
        } else {
            System.out.printf(Locale.ROOT, "%.3f %.3f%n", seconds, cpu);
        }
    }

    private static void write(List<Object> columns, ByteBuffer buffer, Path file) throws IOException {
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Object column : columns) {
                int length = length(column);
                for (int from = 0; from < length; ) {
                    buffer.clear();
                    int n = Math.min(length - from, buffer.capacity() / 8);
                    switch (column) {
                        case double[] d -> buffer.asDoubleBuffer().put(d, from, n);
                        case long[] l -> buffer.asLongBuffer().put(l, from, n);
                        case List<?> l -> {
                            for (int i = 0; i < n; i++) {
                                buffer.putDouble(i * 8, (Double) l.get(from + i));
                            }
                        }
                        default ->
                            throw new IllegalArgumentException(column.getClass().getName());
                    }
                    buffer.limit(n * 8);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    from += n;
                }
            }
        }
    }

    /** Reads the plain file back into arrays of the value's shape (a list as a double[]), then deletes it. */
    private static void plainRead(String kind, Path file) throws IOException {
        List<Integer> lengths =
                kind.equals("table") ? List.of(TABLE_ROWS, TABLE_ROWS, TABLE_ROWS, TABLE_ROWS) : List.of(ARRAY_VALUES);
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        double cpu = cpuSeconds();
        long t = System.nanoTime();
        List<Object> back = new ArrayList<>();
        try (FileChannel in = FileChannel.open(file)) {
            for (int c = 0; c < lengths.size(); c++) {
                int length = lengths.get(c);
                // the table's first and last columns are longs (id, count)
                boolean longs = kind.equals("table") && (c == 0 || c == 3);
                Object into = longs ? new long[length] : new double[length];
                for (int from = 0; from < length; ) {
                    buffer.clear();
                    int n = Math.min(length - from, buffer.capacity() / 8);
                    buffer.limit(n * 8);
                    while (buffer.hasRemaining()) {
                        if (in.read(buffer) < 0) {
                            throw new IOException(file + " is shorter than written");
                        }
                    }
                    buffer.flip();
                    if (into instanceof double[] d) {
                        buffer.asDoubleBuffer().get(d, from, n);
                    } else {
                        buffer.asLongBuffer().get((long[]) into, from, n);
                    }
                    from += n;
                }
                back.add(into);
            }
        }
        double read = (System.nanoTime() - t) / 1e9;
        cpu = cpuSeconds() - cpu;
        if (back.size() != lengths.size()) {
            throw new IllegalStateException("plain file read back " + back.size() + " columns");
        }
        Files.delete(file);
        System.out.printf(Locale.ROOT, "%.3f %.3f%n", read, cpu);
    }

    /** Runs one phase in a JVM of its own (same java, options and classpath) and returns its last line. */
    private static String inChildJvm(String phase, String kind, Path dir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ArtifactsBenchmark.class.getName(),
                phase,
                kind,
                dir.toString()));
        Process child = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = child.waitFor();
        List<String> lines = out.lines().toList();
        if (exit != 0 || lines.isEmpty()) {
            throw new IllegalStateException(
                    kind + " " + phase + " JVM failed (exit " + exit + "): " + out.strip() + "\n" + command);
        }
        return lines.get(lines.size() - 1);
    }
}
