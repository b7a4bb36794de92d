package dev.cairn.datastore.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The numeric path writes the bytes Arrow Java's own stream writer writes (so its streams are standard Arrow IPC, and
 * a value stored by either has one address), and reads what that writer wrote.
 */
class NumericArrowWritingTest {
    // more rows than one batch holds, and not a multiple of 8: a short last batch with spare validity bits
    private static final int ROWS = ArrowWriting.BATCH_BYTES / 8 * 2 + 3;
    private static final Map<String, String> METADATA = Map.of("cairn.shape", "array", "cairn.rows", "" + ROWS);

    private static byte[] numeric(List<ArrowWriting.Column> columns, int rows, Map<String, String> metadata)
            throws IOException {
        assertTrue(NumericArrowWriting.handles(columns));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NumericArrowWriting.write(columns, rows, metadata, BlockOutput.of(out));
        return out.toByteArray();
    }

    private static byte[] arrowJava(List<ArrowWriting.Column> columns, int rows, Map<String, String> metadata)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArrowWriting.write(columns, rows, metadata, out);
        return out.toByteArray();
    }

    private static double[] doubles(int n) {
        Random random = new Random(7);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }

    @Test
    void aDoubleArrayOfSeveralBatchesIsWrittenAsArrowJavaWritesIt() throws IOException {
        List<ArrowWriting.Column> columns =
                List.of(new ArrowWriting.Column("values", ColumnKind.DOUBLE, doubles(ROWS), Map.of()));
        assertArrayEquals(arrowJava(columns, ROWS, METADATA), numeric(columns, ROWS, METADATA));
    }

    @Test
    void aBoxedListWithNullsIsWrittenAsArrowJavaWritesIt() throws IOException {
        List<Double> values = new ArrayList<>();
        for (double d : doubles(ROWS)) {
            values.add(values.size() % 1000 == 17 ? null : d);
        }
        List<ArrowWriting.Column> columns =
                List.of(new ArrowWriting.Column("values", ColumnKind.DOUBLE, values, Map.of()));
        assertArrayEquals(arrowJava(columns, ROWS, METADATA), numeric(columns, ROWS, METADATA));
    }

    @Test
    void columnsOfEveryWidthWithTheirMetadataAreWrittenAsArrowJavaWritesThem() throws IOException {
        int rows = 1_000_003;
        long[] ids = new long[rows];
        float[] floats = new float[rows];
        List<Integer> counts = new ArrayList<>();
        List<Long> sparse = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            ids[i] = i;
            floats[i] = i / 3f;
            counts.add(i % 5 == 0 ? null : i % 1000);
            sparse.add(i % 2 == 0 ? (long) i : null);
        }
        List<ArrowWriting.Column> columns = List.of(
                new ArrowWriting.Column("id", ColumnKind.LONG, ids, Map.of("cairn.sql_type", "BIGINT")),
                new ArrowWriting.Column("share", ColumnKind.FLOAT, floats, Map.of()),
                new ArrowWriting.Column("count", ColumnKind.INT, counts, Map.of("a", "1", "b", "2")),
                new ArrowWriting.Column("sparse", ColumnKind.LONG, sparse, Map.of()));
        Map<String, String> metadata = Map.of("cairn.shape", "columns", "cairn.rows", "" + rows);
        assertArrayEquals(arrowJava(columns, rows, metadata), numeric(columns, rows, metadata));
    }

    @Test
    void anEmptyArrayIsASchemaAndTheEndAsArrowJavaWritesIt() throws IOException {
        List<ArrowWriting.Column> columns =
                List.of(new ArrowWriting.Column("values", ColumnKind.INT, new int[0], Map.of()));
        Map<String, String> metadata = Map.of("cairn.rows", "0");
        assertArrayEquals(arrowJava(columns, 0, metadata), numeric(columns, 0, metadata));
    }

    @Test
    void rowsAcrossBatchesOfAStreamArrowJavaWroteReadWithTheirNulls() throws IOException {
        List<Double> values = new ArrayList<>();
        for (double d : doubles(ROWS)) {
            values.add(values.size() % 1000 == 17 ? null : d);
        }
        List<ArrowWriting.Column> columns =
                List.of(new ArrowWriting.Column("values", ColumnKind.DOUBLE, values, Map.of()));
        byte[] stream = arrowJava(columns, ROWS, METADATA);
        int from = ArrowWriting.BATCH_BYTES / 8 - 5; // the end of the first batch and the start of the second
        int to = from + 20_000;
        ArrowReading.Read read =
                NumericArrowReading.read(BlockInput.of(new ByteArrayInputStream(stream)), Set.of("values"), from, to);
        ArrowReading.Column column = read.column("values");
        double[] got = (double[]) column.values();
        assertEquals(to - from, got.length);
        for (int r = from; r < to; r++) {
            if (values.get(r) == null) {
                assertTrue(column.nulls().get(r - from), "row " + r + " is null");
            } else {
                assertEquals(values.get(r), got[r - from], "row " + r);
            }
        }
        assertEquals(
                values.subList(from, to).stream().filter(v -> v == null).count(),
                column.nulls().cardinality());
    }

    @Test
    void aStreamWithStringsReadsThroughArrowJavasReader() throws IOException {
        List<ArrowWriting.Column> columns = List.of(
                new ArrowWriting.Column("id", ColumnKind.LONG, new long[] {1, 2}, Map.of()),
                new ArrowWriting.Column("name", ColumnKind.STRING, List.of("a", "b"), Map.of()));
        byte[] stream = arrowJava(columns, 2, Map.of("cairn.rows", "2"));
        ArrowReading.Read read =
                NumericArrowReading.read(BlockInput.of(new ByteArrayInputStream(stream)), null, 0, Long.MAX_VALUE);
        assertArrayEquals(
                new String[] {"a", "b"}, (String[]) read.column("name").values());
        assertArrayEquals(new long[] {1, 2}, (long[]) read.column("id").values());
        assertNull(read.column("id").nulls());
    }
}
