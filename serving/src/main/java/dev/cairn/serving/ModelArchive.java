package dev.cairn.serving;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A model archive, {@code model.tar.gz}: what SageMaker downloads and extracts into {@code /opt/ml/model}. It
 * holds exactly two files, {@value #MANIFEST} ({@link ModelManifest}) and {@value #ARTIFACT} (the artifact's
 * encoded bytes, uncompressed). Reading is strict, since an archive may come from anywhere: any other entry
 * (a path, a link, a folder, a duplicate) is refused, and sizes are capped.
 *
 * <pre>{@code
 * try (OutputStream out = Files.newOutputStream(Path.of("model.tar.gz"))) {
 *     ModelArchive.write(manifest, artifactBytes, out);
 * }
 * ModelArchive.Contents contents = ModelArchive.read(Path.of("model.tar.gz"));
 * ModelArchive.extract(Path.of("model.tar.gz"), Path.of("/opt/ml/model"));
 * }</pre>
 */
public final class ModelArchive {
    public static final String MANIFEST = "manifest.json";
    public static final String ARTIFACT = "artifact";
    /** The largest artifact: the largest Java byte array, as for any artifact in the datastore. */
    public static final long MAX_ARTIFACT_BYTES = Integer.MAX_VALUE - 8;
    /** A manifest is a dozen short fields; anything larger is not one. */
    public static final long MAX_MANIFEST_BYTES = 64 << 10;
    /** The largest expanded size of a well-formed archive: its two files at their limits. */
    public static final long MAX_EXPANDED_BYTES = MAX_ARTIFACT_BYTES + MAX_MANIFEST_BYTES;

    private static final String CURRENT_FOLDER = "./";

    /** A model archive's two files. */
    public record Contents(ModelManifest manifest, byte[] artifact) {}

    private ModelArchive() {}

    /** Writes {@code manifest} and {@code artifact} as a tar.gz to {@code out}, which is left open. */
    public static void write(ModelManifest manifest, byte[] artifact, OutputStream out) throws IOException {
        GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        entry(tar, MANIFEST, manifest.toJson());
        entry(tar, ARTIFACT, artifact);
        tar.finish();
        gzip.finish();
        out.flush();
    }

    private static void entry(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** Reads the archive at {@code tarGz} into memory. */
    public static Contents read(Path tarGz) throws IOException {
        try (InputStream in = Files.newInputStream(tarGz)) {
            return read(in, tarGz.toString());
        }
    }

    /**
     * Reads an archive from {@code in} into memory.
     *
     * @param source where the stream comes from, named in errors
     * @throws IOException naming {@code source} and the entry when the archive is not a well-formed model archive
     */
    public static Contents read(InputStream in, String source) throws IOException {
        byte[][] files = new byte[2][];
        forEachFile(
                in,
                source,
                MAX_EXPANDED_BYTES,
                (name, tar, size) -> files[name.equals(MANIFEST) ? 0 : 1] = readEntry(tar, size, source, name));
        return new Contents(ModelManifest.fromJson(files[0], source + "!" + MANIFEST), files[1]);
    }

    /** Extracts the archive at {@code tarGz} into {@code dir} (created if needed); returns its manifest. */
    public static ModelManifest extract(Path tarGz, Path dir) throws IOException {
        return extract(tarGz, dir, MAX_EXPANDED_BYTES);
    }

    /**
     * {@link #extract(Path, Path)} refusing an archive whose files add up to more than {@code maxExpandedBytes}: each
     * entry's declared size is checked before any of its bytes is read or written, so a small archive that expands
     * to gigabytes (a gzip bomb) costs next to nothing to refuse.
     */
    public static ModelManifest extract(Path tarGz, Path dir, long maxExpandedBytes) throws IOException {
        try (InputStream in = Files.newInputStream(tarGz)) {
            return extract(in, tarGz.toString(), dir, maxExpandedBytes);
        }
    }

    /**
     * Extracts an archive from {@code in} into {@code dir}, as {@value #MANIFEST} and {@value #ARTIFACT}, and
     * checks its manifest. Each file is written beside its target and renamed into place once complete.
     *
     * @param source where the stream comes from, named in errors
     */
    public static ModelManifest extract(InputStream in, String source, Path dir) throws IOException {
        return extract(in, source, dir, MAX_EXPANDED_BYTES);
    }

    /** {@link #extract(InputStream, String, Path)} within {@code maxExpandedBytes} ({@link #extract(Path, Path, long)}). */
    public static ModelManifest extract(InputStream in, String source, Path dir, long maxExpandedBytes)
            throws IOException {
        Files.createDirectories(dir);
        forEachFile(in, source, maxExpandedBytes, (name, tar, size) -> {
            Path temp = Files.createTempFile(dir, "." + name, ".part");
            try {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    copy(tar, out, limit(name), source, name);
                }
                Files.move(
                        temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        });
        return ModelManifest.fromJson(
                Files.readAllBytes(dir.resolve(MANIFEST)), dir.resolve(MANIFEST).toString());
    }

    /** What to do with one of the archive's two files, positioned at its content. */
    private interface FileVisitor {
        void visit(String name, InputStream content, long size) throws IOException;
    }

    /** Hands each checked file of the archive to {@code visitor}; refuses an archive without both files. */
    private static void forEachFile(InputStream in, String source, long maxExpandedBytes, FileVisitor visitor)
            throws IOException {
        Set<String> seen = new HashSet<>();
        long expanded = 0;
        try (TarArchiveInputStream tar = open(in, source)) {
            for (TarArchiveEntry entry = next(tar, source); entry != null; entry = next(tar, source)) {
                String name = checkedName(entry, source, seen);
                if (name == null) {
                    continue;
                }
                expanded += entry.getSize();
                if (expanded > maxExpandedBytes) {
                    throw new IOException(source + " expands to over " + maxExpandedBytes + " bytes (`" + name
                            + "` alone is " + entry.getSize() + "): refused before extracting; raise the limit if "
                            + "the model is this large");
                }
                try {
                    visitor.visit(name, tar, entry.getSize());
                } catch (EOFException e) {
                    throw new IOException(
                            source + " is truncated: it ends inside `" + name + "` (" + entry.getSize()
                                    + " bytes declared); export the model again or copy the whole file",
                            e);
                }
            }
        } catch (EOFException e) {
            throw new IOException(
                    source + " is truncated: it ends before the archive's end; export the model again "
                            + "or copy the whole file",
                    e);
        }
        requireBoth(seen.contains(MANIFEST), seen.contains(ARTIFACT), source);
    }

    private static TarArchiveInputStream open(InputStream in, String source) throws IOException {
        try {
            return new TarArchiveInputStream(new GzipCompressorInputStream(new BufferedInputStream(in)));
        } catch (IOException e) {
            throw new IOException(
                    source + " is not a gzip file (" + e.getMessage() + "): a model archive is a tar.gz", e);
        }
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar, String source) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(source + " is not a readable tar.gz: " + e.getMessage(), e);
        }
    }

    /**
     * The entry's name if it is one of the two files, null for the archive's own folder {@code ./}; refuses
     * anything else.
     */
    private static String checkedName(TarArchiveEntry entry, String source, Set<String> seen) throws IOException {
        String raw = entry.getName();
        if (raw.equals(CURRENT_FOLDER) && entry.isDirectory()) {
            return null; // `tar -C dir .` writes the folder itself first
        }
        String name = raw.startsWith(CURRENT_FOLDER) ? raw.substring(CURRENT_FOLDER.length()) : raw;
        if (!name.equals(MANIFEST) && !name.equals(ARTIFACT)) {
            boolean escapes = name.startsWith("/") || name.contains("..") || name.contains("\\");
            throw new IOException(
                    source + " has an entry `" + raw + "`" + (escapes ? ", a path outside the model folder" : "")
                            + ": a model archive holds only " + MANIFEST + " and " + ARTIFACT);
        }
        if (!entry.isFile() || entry.isLink() || entry.isSymbolicLink()) {
            throw new IOException(source + " has `" + raw + "` as a link or special file: it must be a regular file");
        }
        if (!seen.add(name)) {
            throw new IOException(source + " holds `" + name + "` twice: a model archive holds each file once");
        }
        if (entry.getSize() > limit(name)) {
            throw new IOException(tooLarge(source, name, entry.getSize()));
        }
        return name;
    }

    private static long limit(String name) {
        return name.equals(MANIFEST) ? MAX_MANIFEST_BYTES : MAX_ARTIFACT_BYTES;
    }

    private static String tooLarge(String source, String name, long size) {
        return source + ": `" + name + "` is " + (size < 0 ? "over " + limit(name) : size) + " bytes; at most "
                + limit(name) + " are allowed";
    }

    /** The entry's bytes in one array of its size (checked against the limit before). */
    private static byte[] readEntry(InputStream tar, long size, String source, String name) throws IOException {
        byte[] content = tar.readNBytes((int) size);
        if (content.length != size) {
            throw new IOException(source + ": `" + name + "` ends after " + content.length + " of its " + size
                    + " bytes: the archive is truncated");
        }
        if (tar.read() != -1) {
            throw new IOException(tooLarge(source, name, -1));
        }
        return content;
    }

    /** Copies at most {@code limit} bytes, counting as it goes: a tar header's size is not trusted. */
    private static void copy(InputStream in, OutputStream out, long limit, String source, String name)
            throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > limit) {
                throw new IOException(tooLarge(source, name, -1));
            }
            out.write(buffer, 0, n);
        }
    }

    private static void requireBoth(boolean manifest, boolean artifact, String source) throws IOException {
        if (!manifest || !artifact) {
            throw new IOException(source + " lacks "
                    + (!manifest && !artifact ? MANIFEST + " and " + ARTIFACT : !manifest ? MANIFEST : ARTIFACT)
                    + ": export the model with cairn export-model");
        }
    }
}
