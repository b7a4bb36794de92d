package dev.cairn.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A put that fails because the disk is full leaves no temporary file behind. The disk is real and small: a Jimfs file
 * system of 64 KB, which fails a write past its size with an IOException, as a full disk does.
 */
class FullDiskTempFilesTest {
    private FileSystem disk;
    private Path root;

    @BeforeEach
    void aSmallDisk() {
        disk = Jimfs.newFileSystem(
                Configuration.unix().toBuilder().setMaxSize(64 * 1024).build());
        root = disk.getPath("/datastore");
    }

    @AfterEach
    void closeTheDisk() throws IOException {
        disk.close();
    }

    private List<Path> staging() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(".staging"))) {
            return files.toList();
        }
    }

    @Test
    void aPutThatDoesNotFitRemovesItsTempFile() throws IOException {
        LocalObjectStore store = new LocalObjectStore(root);
        store.put("small", new byte[10]);

        assertThrows(IOException.class, () -> store.put("big", new byte[1 << 20]));

        assertEquals(List.of(), staging());
        assertEquals(List.of("small"), store.list(""));
    }
}
