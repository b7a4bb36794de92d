package dev.cairn.datastore;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An object being written before its key is known (a blob's key is the hash of its content).
 * Nothing is visible until {@link #publish}; closing an unpublished object discards it.
 */
public interface StagedObject extends Closeable {

    /** Where the content goes; closed by {@link #publish}. */
    OutputStream stream();

    /**
     * Where the content goes, for writers that fill buffers of their own: a local file's channel writes them without
     * a copy on the way. Write through this or {@link #stream()}, not both.
     */
    default java.nio.channels.WritableByteChannel channel() {
        return java.nio.channels.Channels.newChannel(stream());
    }

    /** Makes the content visible under {@code key} in one step. */
    void publish(String key) throws IOException;

    @Override
    void close() throws IOException;
}
