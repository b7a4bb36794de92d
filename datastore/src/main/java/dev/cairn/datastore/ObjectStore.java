package dev.cairn.datastore;

import java.io.IOException;
import java.util.List;

/**
 * Where a datastore keeps its objects: keys are relative, '/'-separated paths. Implementations
 * (local disk now, S3 next) keep one contract: a {@link #put} is atomic, so a reader sees the
 * whole object or none of it.
 */
public interface ObjectStore {

    /** Writes {@code content} under {@code key} atomically, replacing what was there. */
    void put(String key, byte[] content) throws IOException;

    /** Starts an object whose key is known only once its content is written. */
    StagedObject stage() throws IOException;

    /** Copies the local {@code file} under {@code key}, as atomically as {@link #put}, streamed rather than in memory. */
    default void putFile(String key, java.nio.file.Path file) throws IOException {
        try (StagedObject staged = stage()) {
            java.nio.file.Files.copy(file, staged.stream());
            staged.publish(key);
        }
    }

    /** Reads a whole object. @throws java.nio.file.NoSuchFileException when there is none */
    byte[] get(String key) throws IOException;

    /**
     * Reads an object as a stream, for objects too large to want two copies of in memory.
     *
     * @throws java.nio.file.NoSuchFileException when there is none
     */
    default java.io.InputStream open(String key) throws IOException {
        return new java.io.ByteArrayInputStream(get(key));
    }

    /**
     * Reads an object as a file's channel, for readers that fill buffers of their own (it reads into them without a
     * copy on the way, and can go back to the start); null when this store's objects are not local files, which
     * are read through {@link #open}.
     *
     * @throws java.nio.file.NoSuchFileException when there is none
     */
    default java.nio.channels.SeekableByteChannel openChannel(String key) throws IOException {
        return null;
    }

    boolean exists(String key) throws IOException;

    /** When {@code key} was last written, empty when there is no such object: the age S3 lifecycle rules go by. */
    java.util.Optional<java.time.Instant> lastWritten(String key) throws IOException;

    /**
     * Makes an object's age start again without changing its content (S3: a copy onto itself; a file: its
     * modification time), so that an age-based expiration rule spares an object that is in use again.
     *
     * @throws java.nio.file.NoSuchFileException when there is none
     */
    void renew(String key) throws IOException;

    /** Names of the immediate children of {@code prefix} (objects and "folders"), sorted. */
    List<String> list(String prefix) throws IOException;

    /**
     * Every object under {@code folder}, at any depth, whose key relative to {@code folder} starts with {@code
     * namePrefix}: those relative keys ('/'-separated), sorted. On S3 it is one paginated listing however many
     * "folders" it spans, which is how a step's thousands of task records are found without a request per task.
     *
     * <pre>{@code
     * store.listAll("runs/r1/train", "0-");   // ["0-0/0.json", "0-1/0.json", "0-1/1.json", "0-1/files/model.bin"]
     * }</pre>
     */
    List<String> listAll(String folder, String namePrefix) throws IOException;

    /**
     * How many reads of this store a bulk read (a join's input records, a step's records) keeps in flight at once:
     * enough to hide the round trip of each read where there is one.
     */
    default int parallelReads() {
        return 1;
    }

    /** Where this store lives, for messages: a path or an s3:// URI. */
    String location();

    /**
     * The store beside this one whose root is this root's name followed by {@code suffix}: {@code s3://bucket/cairn}
     * gives {@code s3://bucket/cairn-models}, the folder {@code /work/.cairn} gives {@code /work/.cairn-models}. For
     * objects that must not share this root's lifecycle (exported models outlive the run data that expires).
     *
     * @param suffix what the root's last name is extended with; no '/'
     * @throws IllegalArgumentException when the root has no name to extend (a bucket's root, a file system's root)
     */
    ObjectStore beside(String suffix) throws IOException;

    /** Refuses a suffix for {@link #beside} that would name another folder than a sibling. */
    static String requireSiblingSuffix(String suffix) {
        if (suffix == null || suffix.isEmpty() || suffix.contains("/") || suffix.contains("\\")) {
            throw new IllegalArgumentException(
                    "a sibling store's suffix is a non-empty name part without '/' or '\\', got " + suffix);
        }
        return suffix;
    }
}
