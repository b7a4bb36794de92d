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
 * another, so that each JVM's peak RSS (VmHWM) is that of one step writing or reading the value; a third JVM writes
 * and reads the same numbers as a plain file (little-endian, through a 1 MB buffer). Then the 1 MB and 100 MB
 * {@code byte[]} throughput figures of {@code bench/local-foreach}.
 *
 * <p>Per case one line: {@code case=... data_mb write_s write_mbps write_x read_s read_mbps read_x write_rss_x
 * read_rss_x stored_mb}, where {@code _x} ratios are datastore time over plain file time and RSS over the data.
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
                String plain = inChildJvm("plain", kind, dir);
                summary(kind, write, read, plain);
                LocalForeachBenchmark.deleteTree(dir);
            }
            LocalForeachBenchmark.throughputInChildJvm(root.resolve("throughput"));
        } finally {
            LocalForeachBenchmark.deleteTree(root);
        }
    }

    private static void summary(String kind, String write, String read, String plain) {
        String[] w = write.split(" "); // seconds rss_mb stored_bytes data_bytes
        String[] r = read.split(" "); // seconds rss_mb
        String[] p = plain.split(" "); // write_s read_s
        double data = Double.parseDouble(w[3]) / MB;
        double ws = Double.parseDouble(w[0]);
        double rs = Double.parseDouble(r[0]);
        double pw = Double.parseDouble(p[0]);
        double pr = Double.parseDouble(p[1]);
        double mib = 1_048_576 / MB;
        System.out.printf(
                Locale.ROOT,
                "case=%s data_mb=%.0f write_s=%.2f write_mbps=%.0f write_x=%.2f read_s=%.2f read_mbps=%.0f read_x=%.2f"
                        + " plain_write_s=%.2f plain_read_s=%.2f write_rss_mb=%d write_rss_x=%.2f read_rss_mb=%d"
                        + " read_rss_x=%.2f stored_mb=%.0f%n",
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
                Long.parseLong(w[1]),
                Long.parseLong(w[1]) * mib / data,
                Long.parseLong(r[1]),
                Long.parseLong(r[1]) * mib / data,
                Long.parseLong(w[2]) / MB);
        System.out.flush();
    }

    private static void child(String phase, String kind, Path dir) throws Exception {
        switch (phase) {
            case "write" -> {
                Object value = make(kind);
                ArtifactStore store = store(dir);
                long t = System.nanoTime();
                ArtifactRef ref = store.write(kind, value, declared(kind));
                double seconds = (System.nanoTime() - t) / 1e9;
                Files.writeString(dir.resolve("ref"), ref.sha() + " " + ref.codec() + " " + ref.size());
                long stored;
                try (Stream<Path> files = Files.walk(dir.resolve("datastore"))) {
                    stored = files.filter(f -> f.getFileName().toString().equals(ref.sha()))
                            .mapToLong(f -> f.toFile().length())
                            .sum();
                }
                System.out.printf(
                        Locale.ROOT,
                        "%.3f %d %d %d%n",
                        seconds,
                        LocalForeachBenchmark.peakRssMb(),
                        stored,
                        (long) dataValues(kind) * Double.BYTES);
            }
            case "read" -> {
                String[] ref = Files.readString(dir.resolve("ref")).split(" ");
                ArtifactStore store = store(dir);
                long t = System.nanoTime();
                Object value = store.read(
                                new ArtifactRef(ref[0], ref[1], declared(kind).getTypeName(), Long.parseLong(ref[2])),
                                declared(kind))
                        .value();
                double seconds = (System.nanoTime() - t) / 1e9;
                check(kind, value);
                System.out.printf(Locale.ROOT, "%.3f %d%n", seconds, LocalForeachBenchmark.peakRssMb());
            }
            case "plain" -> plain(kind, dir.resolve("plain.bin"));
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

    /** The same numbers through a FileChannel and a 1 MB buffer, both ways: what any binary file costs. */
    private static void plain(String kind, Path file) throws IOException {
        Object value = make(kind);
        List<Object> columns = switch (value) {
            case NumericColumns t -> List.of(t.id(), t.price(), t.score(), t.count());
            case List<?> l -> List.of(l.stream().mapToDouble(d -> (Double) d).toArray());
            default -> List.of(value);
        };
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        long t = System.nanoTime();
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Object column : columns) {
                int length = column instanceof double[] d ? d.length : ((long[]) column).length;
                for (int from = 0; from < length; ) {
                    buffer.clear();
                    int n = Math.min(length - from, buffer.capacity() / 8);
                    if (column instanceof double[] d) {
                        buffer.asDoubleBuffer().put(d, from, n);
                    } else {
                        buffer.asLongBuffer().put((long[]) column, from, n);
                    }
                    buffer.limit(n * 8);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    from += n;
                }
            }
        }
        double write = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        List<Object> back = new ArrayList<>();
        try (FileChannel in = FileChannel.open(file)) {
            for (Object column : columns) {
                int length = column instanceof double[] d ? d.length : ((long[]) column).length;
                Object into = column instanceof double[] ? new double[length] : new long[length];
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
        if (back.size() != columns.size()) {
            throw new IllegalStateException("plain file read back " + back.size() + " columns");
        }
        Files.delete(file);
        System.out.printf(Locale.ROOT, "%.3f %.3f%n", write, read);
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
