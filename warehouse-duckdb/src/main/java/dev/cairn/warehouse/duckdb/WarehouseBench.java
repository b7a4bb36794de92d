package dev.cairn.warehouse.duckdb;

import dev.cairn.warehouse.UnloadResult;
import dev.cairn.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * bench/warehouse: an embedded DuckDB query of N generated rows (range()), streamed into a
 * consumer that accumulates it (as a table artifact writer would), then unloaded as Parquet.
 * Last line: {@code rows=N read_rows_per_s=X unload_rows_per_s=Y}.
 */
public final class WarehouseBench {
    static final String SQL =
            "SELECT range AS id, 'C' || (range % 50) AS country, (range * 7919) % 1000 / 10.0 AS amount,"
                    + " range % 7 = 0 AS flag FROM range(?)";

    public static void main(String[] args) throws IOException {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        Path dir = Files.createTempDirectory("cairn-warehouse-bench");
        try (Warehouse wh = Warehouse.embedded(dir.resolve("bench.duckdb"))) {
            long[] count = {0};
            double[] sum = {0};
            long[] idSum = {0};
            long t0 = System.nanoTime();
            wh.stream(SQL, List.of(rows), values -> {
                count[0]++;
                idSum[0] += ((Number) values[0]).longValue();
                sum[0] += ((Number) values[2]).doubleValue();
            });
            double readS = (System.nanoTime() - t0) / 1e9;
            if (count[0] != rows) throw new IllegalStateException("read " + count[0] + " rows, expected " + rows);
            System.out.printf("read %d rows in %.2f s (sum(amount)=%.1f)%n", count[0], readS, sum[0]);

            long t1 = System.nanoTime();
            UnloadResult unload = wh.unload(SQL, List.of(rows), dir.resolve("unload"));
            double unloadS = (System.nanoTime() - t1) / 1e9;
            if (unload.rows() != rows)
                throw new IllegalStateException("unloaded " + unload.rows() + " rows, expected " + rows);
            System.out.printf(
                    "unloaded %d rows to %s (%d bytes) in %.2f s%n",
                    unload.rows(),
                    unload.files().get(0),
                    Files.size(Path.of(unload.files().get(0))),
                    unloadS);
            System.out.printf(
                    "rows=%d read_rows_per_s=%.0f unload_rows_per_s=%.0f%n", rows, rows / readS, rows / unloadS);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
