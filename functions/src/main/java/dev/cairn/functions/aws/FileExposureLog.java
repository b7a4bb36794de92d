package dev.cairn.functions.aws;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Exposure events as JSON lines in local files, partitioned like the Firehose prefix in S3:
 * {@code <dir>/experiment=<name>/date=<yyyy-MM-dd>/exposures-<startMillis>-<pid>.jsonl}. Thread-safe; lines are
 * encoded to UTF-8 when recorded (never failing: {@link ExposureEvent} keeps its text well-formed) and appended to
 * their file by {@link #flush()}, which makes them visible to readers. A file that cannot be written loses that
 * flush's lines, counted in {@link #dropped()}; the next flush opens the file afresh, so one failure never stops
 * the log.
 */
public final class FileExposureLog implements ExposureLog, Closeable {

    /** Experiment names become directory names. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private record Pending(ByteArrayOutputStream bytes, int[] lines) {}

    private final Path dir;
    private final String fileName;
    private final Map<Path, Pending> pending = new LinkedHashMap<>();
    private long dropped;

    /** @param startMillis the file name's start time, usually the process start */
    public FileExposureLog(Path dir, long startMillis) {
        this.dir = dir;
        this.fileName =
                "exposures-" + startMillis + "-" + ProcessHandle.current().pid() + ".jsonl";
    }

    public FileExposureLog(Path dir) {
        this(dir, System.currentTimeMillis());
    }

    /** The file an event goes to. */
    public Path fileOf(ExposureEvent event) {
        String name = event.experiment();
        if (name == null || !SAFE_NAME.matcher(name).matches() || name.startsWith(".")) {
            throw new IllegalArgumentException("experiment name '" + name + "' cannot name a directory: use letters, "
                    + "digits, '.', '_' or '-' (1..128 chars, not starting with '.')");
        }
        return dir.resolve("experiment=" + name).resolve("date=" + event.date()).resolve(fileName);
    }

    @Override
    public synchronized void record(ExposureEvent event) {
        Pending p = pending.computeIfAbsent(fileOf(event), f -> new Pending(new ByteArrayOutputStream(), new int[1]));
        p.bytes().writeBytes((event.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8));
        p.lines()[0]++;
    }

    /**
     * Appends what was recorded since the last flush to each file.
     *
     * @throws UncheckedIOException naming the files that could not be written (their lines are counted in
     *     {@link #dropped()} and not tried again); the other files are written all the same
     */
    @Override
    public synchronized void flush() {
        List<String> failures = new ArrayList<>();
        for (var e : pending.entrySet()) {
            Path file = e.getKey();
            try {
                Files.createDirectories(file.getParent());
                try (OutputStream out =
                        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    e.getValue().bytes().writeTo(out);
                }
            } catch (IOException ex) {
                dropped += e.getValue().lines()[0];
                failures.add(e.getValue().lines()[0] + " line(s) to " + file + ": " + ex);
            }
        }
        pending.clear();
        if (!failures.isEmpty()) {
            throw new UncheckedIOException(
                    "writing exposure events failed, " + dropped + " dropped so far: " + String.join("; ", failures),
                    new IOException(failures.getFirst()));
        }
    }

    /** Events recorded but lost because their file could not be written. */
    @Override
    public synchronized long dropped() {
        return dropped;
    }

    @Override
    public synchronized void close() {
        flush();
    }
}
