package dev.cairn.datastore.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * The file streams one request opens: the SDK may open a body more than once (hashing, retries)
 * and does not promise to close each one, so they are closed when the request is over.
 */
final class OpenedStreams implements AutoCloseable {
    private final List<InputStream> streams = new ArrayList<>();

    /** Streams of {@code length} bytes of {@code file} from {@code offset}; each one (a retry) starts afresh. */
    ContentStreamProvider slice(Path file, long offset, long length) {
        return () -> {
            try {
                InputStream in = new FileSlice(FileChannel.open(file, StandardOpenOption.READ), offset, length);
                synchronized (streams) {
                    streams.add(in);
                }
                return in;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    @Override
    public void close() throws IOException {
        synchronized (streams) {
            for (InputStream in : streams) {
                in.close();
            }
            streams.clear();
        }
    }
}
