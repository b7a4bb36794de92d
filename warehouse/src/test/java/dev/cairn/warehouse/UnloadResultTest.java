package dev.cairn.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnloadResultTest {
    @Test
    void relocatedKeepsEachFilesNameUnderTheNewLocation() {
        UnloadResult local = new UnloadResult(
                "/tmp/cairn-files-1/training-set",
                List.of(
                        "/tmp/cairn-files-1/training-set/part.parquet",
                        "/tmp/cairn-files-1/training-set/2/part.parquet"),
                42);
        UnloadResult moved = local.relocated("s3://b/cairn/p/runs/r/country/0-1/files/training-set/");
        assertEquals("s3://b/cairn/p/runs/r/country/0-1/files/training-set", moved.location());
        assertEquals(
                List.of(
                        "s3://b/cairn/p/runs/r/country/0-1/files/training-set/part.parquet",
                        "s3://b/cairn/p/runs/r/country/0-1/files/training-set/2/part.parquet"),
                moved.files());
        assertEquals(42, moved.rows());
    }

    @Test
    void aFileOutsideTheLocationCannotBeRelocated() {
        UnloadResult odd = new UnloadResult("/a", List.of("/b/part.parquet"), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> odd.relocated("s3://x/y"));
        assertEquals("file /b/part.parquet is not under /a", e.getMessage());
    }
}
