package dev.cairn.functions.aws;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Exposure events as JSON lines in local files, partitioned like the Firehose prefix in S3:
 * {@code <dir>/experiment=<name>/date=<yyyy-MM-dd>/exposures-<startMillis>-<pid>.jsonl}. Thread-safe; appends;
 * {@link #flush()} makes the lines visible to readers.
 */
public final class FileExposureLog implements ExposureLog, Closeable {

    /** Experiment names become directory names. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Path dir;
    private final String fileName;
    private final Map<Path, BufferedWriter> open = new HashMap<>();

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
        Path file = fileOf(event);
        try {
            BufferedWriter w = open.get(file);
            if (w == null) {
                Files.createDirectories(file.getParent());
                w = Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                open.put(file, w);
            }
            w.write(event.toJsonLine());
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("writing exposure event to " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void flush() {
        for (var e : open.entrySet()) {
            try {
                e.getValue().flush();
            } catch (IOException ex) {
                throw new UncheckedIOException("flushing " + e.getKey() + " failed: " + ex.getMessage(), ex);
            }
        }
    }

    @Override
    public synchronized void close() {
        flush();
        for (BufferedWriter w : open.values()) {
            try {
                w.close();
            } catch (IOException ignored) {
                // flushed above; nothing left to lose
            }
        }
        open.clear();
    }
}
