package dev.cairn.datastore;

/** How a blob is stored: zstd-compressed (most) or as it is (streamed blobs: Arrow files). */
public final class StoredBlobs {
    // every zstd frame starts with these bytes (RFC 8878, 3.1.1); an Arrow stream starts with 0xFFFFFFFF
    private static final byte[] ZSTD_MAGIC = {(byte) 0x28, (byte) 0xB5, (byte) 0x2F, (byte) 0xFD};

    private StoredBlobs() {}

    /** Whether stored bytes starting with {@code head} are a zstd frame. */
    static boolean zstd(byte[] head) {
        if (head.length < ZSTD_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < ZSTD_MAGIC.length; i++) {
            if (head[i] != ZSTD_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where a blob is and whether it is compressed, for readers outside Cairn.
     *
     * @param uri        a file path, or an {@code s3://} URI
     * @param compressed whether the file is one zstd frame ({@code zstd -d}), else it holds the content as it is
     */
    public record Location(String uri, boolean compressed) {}
}
