package dev.cairn.datastore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest {
    @TempDir
    Path root;

    @Test
    void putThenGetReturnsTheSameBytes() throws Exception {
        var store = new LocalObjectStore(root);
        store.put("a/b/c.json", "{\"x\":1}".getBytes());
        assertArrayEquals("{\"x\":1}".getBytes(), store.get("a/b/c.json"));
        assertTrue(store.exists("a/b/c.json"));
    }

    @Test
    void putReplacesAndLeavesNoTemporaryFiles() throws Exception {
        var store = new LocalObjectStore(root);
        store.put("k", new byte[] {1});
        store.put("k", new byte[] {2, 3});
        assertArrayEquals(new byte[] {2, 3}, store.get("k"));
        try (var staging = Files.list(root.resolve(".staging"))) {
            assertEquals(0, staging.count());
        }
    }

    @Test
    void listGivesSortedImmediateChildrenWithoutTheStagingFolder() throws Exception {
        var store = new LocalObjectStore(root);
        store.put("runs/r2/run.json", new byte[0]);
        store.put("runs/r1/start/0/0.json", new byte[0]);
        assertEquals(List.of("r1", "r2"), store.list("runs"));
        assertEquals(List.of("runs"), store.list(""));
        assertEquals(List.of(), store.list("nothing/here"));
    }

    @Test
    void missingObjectIsNoSuchFile() throws Exception {
        var store = new LocalObjectStore(root);
        assertFalse(store.exists("nope"));
        assertThrows(NoSuchFileException.class, () -> store.get("nope"));
    }

    @Test
    void keyThatEscapesTheRootIsRefused() throws Exception {
        var store = new LocalObjectStore(root);
        var e = assertThrows(IllegalArgumentException.class, () -> store.put("../outside", new byte[0]));
        assertTrue(e.getMessage().contains("escapes the datastore"));
    }
}
