package dev.cairn.datastore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.codec.ArrowCodec;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.datastore.codec.JsonCodec;
import dev.cairn.flow.ColumnTable;
import dev.cairn.warehouse.Column;
import dev.cairn.warehouse.Table;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Numeric arrays, lists and tables go to Arrow by their declared type, read back whole, by column or by rows. */
class ArrowArtifactsTest {
    @ColumnTable
    record Prices(long[] id, double[] price, List<String> country) {}

    // fields whose declared types the tests write and read as
    double[] doubles;
    float[] floats;
    long[] longs;
    int[] ints;
    List<Double> doubleList;
    List<Long> longList;
    List<Integer> intList;
    List<String> strings;
    Prices prices;
    Table table;

    @TempDir
    Path root;

    private ArtifactStore store;

    @BeforeEach
    void setUp() throws Exception {
        store = new ArtifactStore(
                new BlobStore(new LocalObjectStore(root), "p/b/F/"),
                Codecs.discover(getClass().getClassLoader()));
    }

    private static Type typeOf(String field) throws NoSuchFieldException {
        return ArrowArtifactsTest.class.getDeclaredField(field).getGenericType();
    }

    private Object roundTrip(String field, Object value) throws Exception {
        ArtifactRef ref = store.write(field, value, typeOf(field));
        assertEquals(ArrowCodec.ID, ref.codec(), field + " is stored as Arrow");
        return store.read(ref, typeOf(field)).value();
    }

    private Path blobFile(ArtifactRef ref) {
        return root.resolve("p/b/F/data").resolve(ref.sha().substring(0, 2)).resolve(ref.sha());
    }

    @Test
    void primitiveArraysComeBackEqual() throws Exception {
        double[] d = {1.5, -2, Double.NaN, Double.MAX_VALUE};
        assertArrayEquals(d, (double[]) roundTrip("doubles", d));
        float[] f = {1.5f, -0f, Float.MIN_VALUE};
        assertArrayEquals(f, (float[]) roundTrip("floats", f));
        long[] l = {Long.MIN_VALUE, 0, Long.MAX_VALUE};
        assertArrayEquals(l, (long[]) roundTrip("longs", l));
        int[] i = {};
        assertArrayEquals(i, (int[]) roundTrip("ints", i));
    }

    @Test
    void anArrowBlobIsStoredAsAPlainArrowStreamWhoseAddressIsItsHash() throws Exception {
        ArtifactRef ref = store.write("doubles", new double[] {1, 2, 3}, typeOf("doubles"));
        byte[] stored = Files.readAllBytes(blobFile(ref));
        // the IPC stream's continuation marker: no zstd frame around it, so outside readers open the file as it is
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, Arrays.copyOf(stored, 4));
        assertEquals(ref.sha(), BlobStore.sha256(stored));
        assertEquals(stored.length, ref.size());
        assertFalse(store.blobs().locate(ref.sha()).compressed());
        assertTrue(store.blobs()
                .locate(ref.sha())
                .uri()
                .endsWith("/p/b/F/data/" + ref.sha().substring(0, 2) + "/" + ref.sha()));
    }

    @Test
    void numericListsKeepTheirNullsAndComeBackReadOnly() throws Exception {
        List<Double> values = Arrays.asList(1.0, null, 3.5);
        List<?> back = (List<?>) roundTrip("doubleList", values);
        assertEquals(values, back);
        assertNull(back.get(1));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) back).add(1.0));
        assertEquals(List.of(1L, 2L), roundTrip("longList", List.of(1L, 2L)));
        assertEquals(List.of(7), roundTrip("intList", List.of(7)));
    }

    @Test
    void aListReadsAsAnArrayAndAnArrayAsAList() throws Exception {
        ArtifactRef list = store.write("doubleList", List.of(1.0, 2.0), typeOf("doubleList"));
        assertArrayEquals(
                new double[] {1, 2}, (double[]) store.read(list, double[].class).value());
        ArtifactRef array = store.write("doubles", new double[] {3, 4}, typeOf("doubles"));
        assertEquals(List.of(3.0, 4.0), store.read(array, typeOf("doubleList")).value());
        assertEquals(List.of(3.0, 4.0), store.read(array, Object.class).value(), "untyped, as JSON gave it");
    }

    @Test
    void aListWithNullsDoesNotReadAsAnArrayAndSaysWhatDoes() throws Exception {
        ArtifactRef list = store.write("doubleList", Arrays.asList(1.0, null), typeOf("doubleList"));
        var e = assertThrows(IllegalArgumentException.class, () -> store.read(list, double[].class));
        assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("List<Double>"), e.getMessage());
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void aRawListOfOtherNumbersThanDeclaredIsRefusedNamingTheRowAndTheFix() {
        List raw = new ArrayList();
        raw.add(2.5);
        raw.add(1); // an Integer in a List<Double>: found while the list is written (JSON refused it too)
        var e = assertThrows(
                Codecs.UnsupportedArtifactException.class, () -> store.write("doubleList", raw, typeOf("doubleList")));
        assertTrue(
                e.getMessage().contains("java.lang.Integer at row 1")
                        && e.getMessage().contains("List<Number>"),
                e.getMessage());
    }

    @Test
    void listsOfStringsStayJson() throws Exception {
        assertEquals(
                JsonCodec.ID,
                store.write("strings", List.of("a"), typeOf("strings")).codec());
    }

    @Test
    void aColumnTableRecordComesBackEqualAndOneColumnReadsAlone() throws Exception {
        Prices value = new Prices(new long[] {1, 2, 3}, new double[] {9.5, 8, 7}, List.of("DE", "FR", "JP"));
        Prices back = (Prices) roundTrip("prices", value);
        assertArrayEquals(value.id(), back.id());
        assertArrayEquals(value.price(), back.price());
        assertEquals(value.country(), back.country());
        ArtifactRef ref = store.write("prices", value, typeOf("prices"));
        assertArrayEquals(value.price(), (double[]) store.readColumn(ref, "price", double[].class));
        assertEquals(List.of("DE", "FR", "JP"), store.readColumn(ref, "country", typeOf("strings")));
        var e = assertThrows(IllegalArgumentException.class, () -> store.readColumn(ref, "cost", double[].class));
        assertTrue(e.getMessage().contains("[id, price, country]"), e.getMessage());
    }

    @Test
    void aColumnTableWhoseColumnsDifferInLengthIsRefusedNamingTheColumn() {
        Prices uneven = new Prices(new long[] {1, 2}, new double[] {1}, List.of("DE", "FR"));
        var e = assertThrows(
                Codecs.UnsupportedArtifactException.class, () -> store.write("prices", uneven, typeOf("prices")));
        assertTrue(e.getMessage().contains("`price` holds 1 rows"), e.getMessage());
    }

    @Test
    void aRangeOfRowsReadsAcrossBatchesWithoutTheRest() throws Exception {
        // 3 million doubles: 24 MB, three Arrow batches
        double[] big = IntStream.range(0, 3_000_000).asDoubleStream().toArray();
        ArtifactRef ref = store.write("doubles", big, typeOf("doubles"));
        double[] slice = (double[]) store.readRows(ref, 1_048_570, 1_048_580, double[].class);
        assertArrayEquals(Arrays.copyOfRange(big, 1_048_570, 1_048_580), slice);
        assertArrayEquals(big, (double[]) store.read(ref, double[].class).value());
        Prices value = new Prices(new long[] {1, 2, 3}, new double[] {9.5, 8, 7}, List.of("DE", "FR", "JP"));
        Prices rows = (Prices) store.readRows(store.write("prices", value, typeOf("prices")), 1, 99, Prices.class);
        assertArrayEquals(new long[] {2, 3}, rows.id());
        assertEquals(List.of("FR", "JP"), rows.country());
    }

    @Test
    void aWarehouseTableKeepsItsValuesTheirClassesAndItsSqlTypes() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(Arrays.asList(1L, "DE", 0.5, true, 3));
        rows.add(Arrays.asList(2L, null, null, false, 4));
        Table value = new Table(
                List.of(
                        new Column("ID", "BIGINT"),
                        new Column("COUNTRY", "VARCHAR"),
                        new Column("SCORE", "DOUBLE"),
                        new Column("CHURNED", "BOOLEAN"),
                        new Column("CALLS", "INTEGER")),
                rows);
        assertEquals(value, roundTrip("table", value));
        ArtifactRef ref = store.write("table", value, typeOf("table"));
        assertArrayEquals(new long[] {1, 2}, (long[]) store.readColumn(ref, "ID", long[].class));
    }

    @Test
    void aWarehouseTableOfValuesArrowDoesNotKeepStaysJson() throws Exception {
        Table value = new Table(List.of(new Column("PRICE", "DECIMAL")), List.of(List.of(new BigDecimal("1.10"))));
        assertEquals(JsonCodec.ID, store.write("table", value, typeOf("table")).codec());
    }

    @Test
    void anArrayWrittenAsJsonByEarlierRunsStillReads() throws Exception {
        ArtifactStore earlier = new ArtifactStore(store.blobs(), new Codecs(List.of(new JsonCodec())));
        ArtifactRef old = earlier.write("doubles", new double[] {1, 2.5}, typeOf("doubles"));
        ArtifactRef oldList = earlier.write("doubleList", List.of(1.0, 2.5), typeOf("doubleList"));
        assertEquals(JsonCodec.ID, old.codec());
        assertArrayEquals(new double[] {1, 2.5}, (double[])
                store.read(old, typeOf("doubles")).value());
        assertEquals(
                List.of(1.0, 2.5), store.read(oldList, typeOf("doubleList")).value());
    }

    private ArtifactStore freshStore() throws java.io.IOException {
        return new ArtifactStore(
                new BlobStore(new LocalObjectStore(root), "p/b/F/"),
                Codecs.discover(getClass().getClassLoader()));
    }

    private static String crc32c(byte[] content) {
        CRC32C crc = new CRC32C();
        crc.update(content);
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    @Test
    void anArrowArtifactRecordsTheCrc32cOfItsBlob() throws Exception {
        ArtifactRef ref = store.write("doubles", new double[] {1, 2, 3}, typeOf("doubles"));
        assertEquals(crc32c(Files.readAllBytes(blobFile(ref))), ref.crc32c());
        assertNull(store.write("strings", List.of("a"), typeOf("strings")).crc32c(), "json blobs keep SHA-256 reads");
    }

    @Test
    void aDamagedArrowBlobIsReportedNotRead() throws Exception {
        ArtifactRef ref = store.write("doubles", new double[] {1, 2, 3}, typeOf("doubles"));
        byte[] stored = Files.readAllBytes(blobFile(ref));
        stored[stored.length - 20] ^= 1; // a bit of the values
        Files.write(blobFile(ref), stored);
        ArtifactStore fresh = freshStore();
        var e = assertThrows(DamagedBlobException.class, () -> fresh.read(ref, double[].class));
        assertEquals("its content's CRC32C is " + crc32c(stored) + ", its record says " + ref.crc32c(), e.problem());
        assertThrows(DamagedBlobException.class, () -> fresh.blobs().get(ref.sha(), ref.size()));
        // storing the value again heals it
        fresh.write("doubles", new double[] {1, 2, 3}, typeOf("doubles"));
        assertArrayEquals(new double[] {1, 2, 3}, (double[])
                fresh.read(ref, double[].class).value());
    }

    @Test
    void anArrowBlobCutShortIsReportedWithItsSize() throws Exception {
        ArtifactRef ref = store.write("doubles", new double[] {1, 2, 3}, typeOf("doubles"));
        byte[] stored = Files.readAllBytes(blobFile(ref));
        Files.write(blobFile(ref), Arrays.copyOf(stored, stored.length - 16));
        var e = assertThrows(DamagedBlobException.class, () -> freshStore().read(ref, double[].class));
        assertEquals("it holds " + (stored.length - 16) + " bytes, its record says " + stored.length, e.problem());
    }

    @Test
    void aDeletedArrowBlobIsMissing() throws Exception {
        ArtifactRef ref = store.write("doubles", new double[] {1, 2, 3}, typeOf("doubles"));
        Files.delete(blobFile(ref));
        var e = assertThrows(MissingBlobException.class, () -> freshStore().read(ref, double[].class));
        assertEquals(ref.sha(), e.sha());
    }

    @Test
    void anArrowArtifactWhoseRecordHasNoCrc32cReadsCheckedByItsSha256() throws Exception {
        // as a task record written before CRC32Cs were recorded names it
        ArtifactRef written = store.write("doubleList", List.of(1.0, 2.5), typeOf("doubleList"));
        ArtifactRef old = new ArtifactRef(written.sha(), written.codec(), written.type(), written.size());
        assertEquals(
                List.of(1.0, 2.5), freshStore().read(old, typeOf("doubleList")).value());

        byte[] stored = Files.readAllBytes(blobFile(old));
        stored[stored.length - 20] ^= 1;
        Files.write(blobFile(old), stored);
        var e = assertThrows(DamagedBlobException.class, () -> freshStore().read(old, typeOf("doubleList")));
        assertEquals("its content hashes to " + BlobStore.sha256(stored) + ", not to its address", e.problem());
    }

    @Test
    void theSameValueIsStoredOnce() throws Exception {
        ArtifactRef first = store.write("doubles", new double[] {1, 2}, typeOf("doubles"));
        ArtifactRef second = store.write("doubles", new double[] {1, 2}, typeOf("doubles"));
        assertEquals(first, second);
        try (var files = Files.list(blobFile(first).getParent())) {
            assertEquals(1, files.count());
        }
    }
}
