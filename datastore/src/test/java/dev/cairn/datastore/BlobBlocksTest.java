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
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blobs written and read a block at a time ({@link BlobStore#putBlocks}, {@link BlobStore#openBlocks}): the content
 * as it was filled, its address its SHA-256, and a damaged blob reported when the reader reaches its end, both when
 * the read checks the CRC32C a record carries and when it checks the SHA-256 (a record without a CRC32C).
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

    private static String crc32c(byte[] content) {
        CRC32C crc = new CRC32C();
        crc.update(content);
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    /**
     * Changes bytes 200 to 203 of {@code content} so that its CRC32C becomes {@code wanted}: a CRC is linear over
     * GF(2), so the bits to flip are the solution of 32 equations (Gaussian elimination).
     */
    private static void forge(byte[] content, String wanted) {
        int at = 200;
        int base = (int) Long.parseLong(crc32c(content), 16);
        int[] columns = new int[32]; // how flipping bit i of the patch changes the CRC
        for (int i = 0; i < 32; i++) {
            content[at + i / 8] ^= (byte) (1 << (i % 8));
            columns[i] = (int) Long.parseLong(crc32c(content), 16) ^ base;
            content[at + i / 8] ^= (byte) (1 << (i % 8));
        }
        // Gauss-Jordan on the columns, tracking which patch bits make up each reduced column
        int[] made = new int[32];
        int[] pivotBit = new int[32];
        for (int i = 0; i < 32; i++) {
            made[i] = 1 << i;
        }
        int rows = 0;
        for (int bit = 0, row = 0; bit < 32 && row < 32; bit++) {
            int pivot = -1;
            for (int i = row; i < 32; i++) {
                if ((columns[i] >>> bit & 1) != 0) {
                    pivot = i;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            int c = columns[pivot];
            columns[pivot] = columns[row];
            columns[row] = c;
            int m = made[pivot];
            made[pivot] = made[row];
            made[row] = m;
            for (int i = 0; i < 32; i++) {
                if (i != row && (columns[i] >>> bit & 1) != 0) {
                    columns[i] ^= columns[row];
                    made[i] ^= made[row];
                }
            }
            pivotBit[row] = bit;
            rows = ++row;
        }
        int need = base ^ (int) Long.parseLong(wanted, 16);
        int patch = 0;
        int reached = 0;
        for (int r = 0; r < rows; r++) {
            if ((need >>> pivotBit[r] & 1) != 0) {
                patch ^= made[r];
                reached ^= columns[r];
            }
        }
        if (reached != need) {
            throw new IllegalStateException("no patch of 4 bytes gives CRC32C " + wanted);
        }
        flip(content, at, patch);
    }

    private static void flip(byte[] content, int at, int bits) {
        for (int i = 0; i < 32; i++) {
            if ((bits >>> i & 1) != 0) {
                content[at + i / 8] ^= (byte) (1 << (i % 8));
            }
        }
    }

    /** Reads a blob as a record without a CRC32C has it read: checked against its SHA-256. */
    private static byte[] readAll(BlobStore blobs, String sha, long size) throws IOException {
        return readAll(blobs, sha, size, null);
    }

    private static byte[] readAll(BlobStore blobs, String sha, long size, String crc32c) throws IOException {
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        try (BlobStore.Blocks in = blobs.openBlocks(sha, size, crc32c)) {
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
        assertEquals(crc32c(content), stored.crc32c());
        assertArrayEquals(content, Files.readAllBytes(file(stored.sha())));
        assertArrayEquals(content, readAll(blobs(), stored.sha(), SIZE));
        assertArrayEquals(content, readAll(blobs(), stored.sha(), SIZE, stored.crc32c()));
    }

    @Test
    void aBlobWrittenAsAStreamCarriesTheCrc32cOfItsContentToo() throws Exception {
        byte[] content = content();
        BlobStore.StoredBlob stored = blobs().put(out -> out.write(content));

        assertEquals(crc32c(content), stored.crc32c());
        assertArrayEquals(content, readAll(blobs(), stored.sha(), SIZE, stored.crc32c()));
    }

    @Test
    void aFlippedByteIsReportedByItsCrc32cAtTheEnd() throws Exception {
        BlobStore.StoredBlob stored = put(blobs(), content());
        byte[] flipped = Files.readAllBytes(file(stored.sha()));
        flipped[SIZE / 2] ^= 0x01;
        Files.write(file(stored.sha()), flipped);

        var e = assertThrows(DamagedBlobException.class, () -> readAll(blobs(), stored.sha(), SIZE, stored.crc32c()));

        assertEquals(
                "its content's CRC32C is " + crc32c(flipped) + ", its record says " + stored.crc32c(), e.problem());
        assertEquals(stored.sha(), e.sha());
    }

    @Test
    void aBlobCutShortIsReportedWithItsSizeWhenTheCrc32cIsChecked() throws Exception {
        BlobStore.StoredBlob stored = put(blobs(), content());
        Files.write(file(stored.sha()), Arrays.copyOf(Files.readAllBytes(file(stored.sha())), SIZE - 8));

        var e = assertThrows(DamagedBlobException.class, () -> readAll(blobs(), stored.sha(), SIZE, stored.crc32c()));

        assertEquals("it holds " + (SIZE - 8) + " bytes, its record says " + SIZE, e.problem());
    }

    @Test
    void aBlobOverwrittenWithOtherContentOfItsSizeIsReportedByItsCrc32c() throws Exception {
        BlobStore.StoredBlob stored = put(blobs(), content());
        byte[] other = new byte[SIZE];
        new Random(12).nextBytes(other);
        other[0] = 'B';
        Files.write(file(stored.sha()), other);

        var e = assertThrows(DamagedBlobException.class, () -> readAll(blobs(), stored.sha(), SIZE, stored.crc32c()));

        assertEquals("its content's CRC32C is " + crc32c(other) + ", its record says " + stored.crc32c(), e.problem());
    }

    @Test
    void aDeletedBlobIsMissingWhenTheCrc32cIsChecked() throws Exception {
        BlobStore.StoredBlob stored = put(blobs(), content());
        Files.delete(file(stored.sha()));

        assertThrows(MissingBlobException.class, () -> blobs().openBlocks(stored.sha(), SIZE, stored.crc32c()));
    }

    @Test
    void verifyChecksTheSha256EvenOfABlobWhoseCrc32cStillMatches() throws Exception {
        // content with the CRC32C the record carries but not the address's SHA-256: only an audit by SHA-256 sees it
        byte[] content = content();
        BlobStore.StoredBlob stored = put(blobs(), content);
        byte[] forged = Arrays.copyOf(content, SIZE);
        forged[100] ^= 0x01;
        forge(forged, crc32c(content));
        Files.write(file(stored.sha()), forged);

        assertArrayEquals(forged, readAll(blobs(), stored.sha(), SIZE, stored.crc32c()));
        var e = assertThrows(DamagedBlobException.class, () -> blobs().verify(stored.sha()));

        assertEquals("its content hashes to " + BlobStore.sha256(forged) + ", not to its address", e.problem());
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
