package dev.cairn.experiments;

import dev.cairn.datastore.ObjectStore;
import dev.cairn.datastore.s3.S3ObjectStore;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The files a report reads from one location: a local file, every file under a local folder, or every object under
 * an {@code s3://bucket/prefix} (through {@link S3ObjectStore}, configured from the environment as the datastore is).
 * Below a folder, partition folders {@code experiment=<name>} of other experiments are skipped, so pointing at the
 * root of the exposure log reads only one experiment's partition. Names starting with '.' or '_' (editor files,
 * {@code _SUCCESS} markers) are skipped; names ending in {@code .gz} are decompressed (Firehose can GZIP its objects).
 *
 * <pre>{@code
 * List<InputFiles.InputFile> files = InputFiles.of("s3://bucket/exposures", "experiment=churn-ab", System.getenv());
 * }</pre>
 */
public final class InputFiles {
    private static final String S3 = "s3://";

    /** Opens a file's bytes. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** One file: its name for messages (a path or an s3:// URI) and how to read it. */
    public record InputFile(String name, Opener opener) {
        /**
         * The file's text, UTF-8, decompressed when its name ends in {@code .gz}; a line longer than
         * {@value LineLimitedReader#MAX_LINE} characters fails the read, naming the file and line.
         */
        public BufferedReader reader() throws IOException {
            InputStream in = opener.open();
            if (name.endsWith(".gz")) {
                in = new GZIPInputStream(in);
            }
            return new BufferedReader(new LineLimitedReader(new InputStreamReader(in, StandardCharsets.UTF_8), name));
        }
    }

    private InputFiles() {}

    /**
     * The files at {@code location}, sorted by name.
     *
     * @param partition the one {@code key=value} partition folder to read when folders are partitioned by that key, or null
     * @throws IllegalArgumentException when the location does not exist or holds no files
     * @throws IOException when listing fails
     */
    public static List<InputFile> of(String location, String partition, Map<String, String> env) throws IOException {
        List<InputFile> files =
                location.startsWith(S3) ? s3(location, partition, env) : local(Path.of(location), partition);
        if (files.isEmpty()) {
            throw new IllegalArgumentException(location + " holds no files"
                    + (partition == null ? "" : " (read below partition folders " + partition + " only)"));
        }
        return files;
    }

    private static List<InputFile> local(Path root, String partition) throws IOException {
        if (!Files.exists(root)) {
            throw new IllegalArgumentException(
                    root + " does not exist: give a file or folder of JSON lines, or an s3://bucket/prefix");
        }
        List<InputFile> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(root) || keep(dir.getFileName().toString(), partition)
                        ? FileVisitResult.CONTINUE
                        : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.equals(root)
                        || (attrs.isRegularFile() && keep(file.getFileName().toString(), null))) {
                    files.add(new InputFile(file.toString(), () -> Files.newInputStream(file)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(java.util.Comparator.comparing(InputFile::name));
        return files;
    }

    private static List<InputFile> s3(String location, String partition, Map<String, String> env) throws IOException {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(location + " is not an s3://bucket/prefix URI: " + e.getMessage());
        }
        if (uri.getAuthority() == null || uri.getAuthority().isBlank()) {
            throw new IllegalArgumentException(location + " names no bucket: give s3://bucket/prefix");
        }
        S3ObjectStore store = S3ObjectStore.of(uri, env);
        List<InputFile> files = new ArrayList<>();
        List<String> children = store.list("");
        if (children.isEmpty() && store.exists("")) {
            files.add(new InputFile(store.location(), () -> new ByteArrayInputStream(store.get(""))));
        }
        walk(store, "", children, partition, files);
        return files;
    }

    /** S3 has no folders, only key prefixes: a child with children of its own is a "folder", one without is an object. */
    private static void walk(
            ObjectStore store, String folder, List<String> children, String partition, List<InputFile> files)
            throws IOException {
        for (String child : children) {
            String key = folder.isEmpty() ? child : folder + "/" + child;
            List<String> grandchildren = store.list(key);
            if (!grandchildren.isEmpty()) {
                if (keep(child, partition)) {
                    walk(store, key, grandchildren, partition, files);
                }
            } else if (keep(child, null)) {
                files.add(new InputFile(store.location() + "/" + key, () -> new ByteArrayInputStream(store.get(key))));
            }
        }
    }

    /** Hidden and marker names are skipped; so are partition folders {@code key=other} when reading {@code key=value}. */
    private static boolean keep(String name, String partition) {
        if (name.startsWith(".") || name.startsWith("_")) {
            return false;
        }
        if (partition == null) {
            return true;
        }
        String key = partition.substring(0, partition.indexOf('=') + 1);
        return !name.startsWith(key) || name.equals(partition);
    }
}
