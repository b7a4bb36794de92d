package dev.cairn.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * The folder of one datastore, the unique id of the test or test class it belongs to, and the tests that failed
 * while they used it.
 */
record TestDatastore(Path root, String owner, Queue<String> failedTests) {

    /** A new empty folder named after {@code name}, for {@code owner}. */
    static TestDatastore create(String name, String owner) throws IOException {
        Path root = Files.createTempDirectory("cairn-" + name.replaceAll("[^A-Za-z0-9_-]", "_") + "-");
        return new TestDatastore(root, owner, new ConcurrentLinkedQueue<>());
    }

    List<String> failures() {
        return List.copyOf(failedTests);
    }

    void delete() throws IOException {
        deleteTree(root);
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
