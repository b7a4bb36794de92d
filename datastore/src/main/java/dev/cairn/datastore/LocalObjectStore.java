package dev.cairn.datastore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Objects as files under a root folder. A put writes a temporary file beside the root and
 * renames it into place, so a process killed mid-write never leaves a partial object.
 */
public final class LocalObjectStore implements ObjectStore {
    private static final String STAGING = ".staging";
    private static final int LOCAL_PARALLEL_READS =
            Math.min(8, Runtime.getRuntime().availableProcessors());

    private static final long PID = ProcessHandle.current().pid();
    private static final java.util.concurrent.atomic.AtomicLong TEMP_COUNTER =
            new java.util.concurrent.atomic.AtomicLong();
    // folders this store has created or seen: a task's first write need not ask the file system
    private static final int KNOWN_FOLDERS = 100_000;

    private final Path root;
    private final Path staging;
    private final java.util.Set<Path> knownFolders = java.util.Collections.newSetFromMap(
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Path, Boolean> eldest) {
                    return size() > KNOWN_FOLDERS;
                }
            }));

    /** Reading creates nothing; the first put creates the folder. */
    public LocalObjectStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(STAGING);
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        Path target = resolve(key);
        Path temp = tempFile();
        try {
            try {
                Files.write(temp, content);
            } catch (NoSuchFileException e) {
                Files.createDirectories(staging);
                Files.write(temp, content);
            }
            publish(temp, target);
        } catch (IOException | RuntimeException e) {
            // a full disk fails the write after the file exists: the temp file must not outlive the failure
            deleteAfterFailure(temp, e);
            throw e;
        }
    }

    private static void deleteAfterFailure(Path temp, Exception failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Moves a finished temporary file into place, creating its folder the first time. */
    private void publish(Path temp, Path target) throws IOException {
        Path folder = target.getParent();
        if (!knownFolders.contains(folder)) {
            Files.createDirectories(folder);
            knownFolders.add(folder);
        }
        try {
            move(temp, target);
        } catch (NoSuchFileException e) { // the folder was removed behind our back
            Files.createDirectories(folder);
            move(temp, target);
        }
    }

    // unique within the process by the counter, across processes by the pid; cheaper than a UUID
    private Path tempFile() {
        return staging.resolve(PID + "-" + TEMP_COUNTER.incrementAndGet());
    }

    @Override
    public StagedObject stage() throws IOException {
        Files.createDirectories(staging);
        Path temp = tempFile();
        FileChannel file = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(file), 1 << 20);
        return new StagedObject() {
            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public WritableByteChannel channel() {
                return file;
            }

            @Override
            public void publish(String key) throws IOException {
                out.close();
                LocalObjectStore.this.publish(temp, resolve(key));
            }

            @Override
            public void close() throws IOException {
                out.close();
                Files.deleteIfExists(temp);
            }
        };
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(
                    "the datastore folder " + to.getParent()
                            + " is on a file system without atomic rename; put the datastore on a local disk",
                    e);
        } catch (FileAlreadyExistsException e) {
            // a concurrent writer of the same content-addressed blob won; its bytes are identical
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        return Files.readAllBytes(resolve(key));
    }

    @Override
    public java.io.InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public SeekableByteChannel openChannel(String key) throws IOException {
        return FileChannel.open(resolve(key));
    }

    @Override
    public boolean exists(String key) {
        return Files.exists(resolve(key));
    }

    @Override
    public java.util.Optional<java.time.Instant> lastWritten(String key) throws IOException {
        try {
            return java.util.Optional.of(Files.getLastModifiedTime(resolve(key)).toInstant());
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void renew(String key) throws IOException {
        Files.setLastModifiedTime(resolve(key), java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Path dir = resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(STAGING))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public List<String> listAll(String folder, String namePrefix) throws IOException {
        Path dir = resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> keys = new java.util.ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(p -> {
                        String name = p.getFileName().toString();
                        return !name.equals(STAGING) && (name.startsWith(namePrefix) || namePrefix.startsWith(name));
                    })
                    .toList()) {
                try (Stream<Path> files = Files.walk(child)) {
                    files.filter(Files::isRegularFile)
                            .map(p -> dir.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
                            .filter(key -> key.startsWith(namePrefix))
                            .forEach(keys::add);
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause(); // Files.walk's way of failing
        }
        keys.sort(null);
        return List.copyOf(keys);
    }

    /** Local reads are short system calls: a few in flight keep the cores busy without contention. */
    @Override
    public int parallelReads() {
        return LOCAL_PARALLEL_READS;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public LocalObjectStore beside(String suffix) throws IOException {
        ObjectStore.requireSiblingSuffix(suffix);
        if (root.getFileName() == null) {
            throw new IllegalArgumentException("the datastore " + root + " has no folder name to put a store beside");
        }
        return new LocalObjectStore(root.resolveSibling(root.getFileName() + suffix));
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || key.startsWith("/")) {
            throw new IllegalArgumentException("object key escapes the datastore: " + key);
        }
        return path;
    }
}
