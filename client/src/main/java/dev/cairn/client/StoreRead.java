package dev.cairn.client;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A datastore read whose I/O failure reaches client callers unchecked. */
@FunctionalInterface
interface StoreRead<T> {
    T read() throws IOException;

    static <T> T unchecked(StoreRead<T> read) {
        try {
            return read.read();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    e instanceof dev.cairn.datastore.DamagedRecordException
                            ? e.getMessage()
                            : "cannot read the datastore: " + e.getMessage(),
                    e);
        }
    }
}
