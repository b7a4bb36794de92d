package dev.cairn.datastore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blobs written and read a block at a time ({@link BlobStore#putBlocks}, {@link BlobStore#openBlocks}): the content
 * as it was filled, its address its SHA-256, and a damaged blob reported when the reader reaches its end.
 */
class BlobBlocksTest {
    // several blocks and a short last one
    private static final int SIZE = 3 * BlockPool.BLOCK_BYTES + 12_345;

    @TempDir
    Path root;

    private BlobStore blobs() throws IOException {
        return new BlobStore(new LocalObjectStore(root), "p/b/F/");
    }

    private Path file(String sha) {
        return root.resolve("p/b/F/data/" + sha.substring(0, 2) + "/" + sha);
    }

    private static byte[] content() {
        byte[] content = new byte[SIZE];
        new Random(11).nextBytes(content);
        content[0] = 'A'; // not zstd's magic number
        return content;
    }

    /** Fills the blocks the store lends with {@code content}, a block's worth at a time. */
    private static BlobStore.StoredBlob put(BlobStore blobs, byte[] content) throws IOException {
        return blobs.putBlocks(out -> {
            for (int from = 0; from < content.length; ) {
                ByteBuffer block = out.block();
                int n = Math.min(block.remaining(), content.length - from);
                block.put(content, from, n);
                out.write(block);
                from += n;
            }
        });
    }

    private static byte[] readAll(BlobStore blobs, String sha, long size) throws IOException {
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        try (BlobStore.Blocks in = blobs.openBlocks(sha, size)) {
            for (ByteBuffer block; (block = in.next()) != null; ) {
                byte[] bytes = new byte[block.remaining()];
                block.get(bytes);
                back.write(bytes);
            }
        }
        return back.toByteArray();
    }

    @Test
    void blocksAreStoredAsTheyWereFilledUnderTheirHash() throws Exception {
        byte[] content = content();
        BlobStore.StoredBlob stored = put(blobs(), content);

        assertEquals(BlobStore.sha256(content), stored.sha());
        assertEquals(SIZE, stored.size());
        assertArrayEquals(content, Files.readAllBytes(file(stored.sha())));
        assertArrayEquals(content, readAll(blobs(), stored.sha(), SIZE));
    }

    @Test
    void aBlobStoredCompressedReadsAsItsContent() throws Exception {
        byte[] content = new byte[SIZE]; // zeros: put(byte[]) stores them as zstd
        String sha = blobs().put(content);

        assertArrayEquals(content, readAll(blobs(), sha, SIZE));
    }

    @Test
    void aFlippedByteIsReportedAtTheEnd() throws Exception {
        BlobStore.StoredBlob stored = put(blobs(), content());
        byte[] flipped = Files.readAllBytes(file(stored.sha()));
        flipped[SIZE / 2] ^= 0x01;
        Files.write(file(stored.sha()), flipped);

        var e = assertThrows(DamagedBlobException.class, () -> readAll(blobs(), stored.sha(), SIZE));

        assertEquals("its content hashes to " + BlobStore.sha256(flipped) + ", not to its address", e.problem());
    }

    @Test
    void aBlobCutShortIsReportedWithItsSize() throws Exception {
        BlobStore.StoredBlob stored = put(blobs(), content());
        Files.write(file(stored.sha()), Arrays.copyOf(Files.readAllBytes(file(stored.sha())), SIZE - 8));

        var e = assertThrows(DamagedBlobException.class, () -> readAll(blobs(), stored.sha(), SIZE));

        assertEquals("it holds " + (SIZE - 8) + " bytes, its record says " + SIZE, e.problem());
    }

    @Test
    void aDeletedBlobIsMissing() throws Exception {
        BlobStore.StoredBlob stored = put(blobs(), content());
        Files.delete(file(stored.sha()));

        assertThrows(MissingBlobException.class, () -> blobs().openBlocks(stored.sha(), SIZE));
    }
}
