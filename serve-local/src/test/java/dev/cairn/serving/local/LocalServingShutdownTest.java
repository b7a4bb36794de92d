package dev.cairn.serving.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Task;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.serving.ModelExport;
import dev.cairn.serving.ScorerFlows;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalServingShutdownTest {
    @TempDir
    Path dir;

    private List<Path> serveFolders(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("cairn-serve"))
                    .toList();
        }
    }

    @Test
    void sigtermRemovesTheExtractedModels() throws Exception {
        Task task = ScorerFlows.trainedTask(dir.resolve("datastore"));
        Path archive = dir.resolve("v1.tar.gz");
        new ModelExport(
                        new LocalObjectStore(dir.resolve("datastore")),
                        getClass().getClassLoader())
                .export(task, "model", archive);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process serve = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Djava.io.tmpdir=" + tmp,
                        ServeUntilStopped.class.getName(),
                        archive.toString(),
                        dir.resolve("exposures").toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); !line.startsWith("serving on "); line = out.readLine()) {
                assertTrue(serve.isAlive(), "the server died: " + line);
            }
            assertEquals(1, serveFolders(tmp).size(), "the model is extracted into a cairn-serve folder");

            serve.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "stopped");
            assertEquals(List.of(), serveFolders(tmp));
        } finally {
            serve.destroyForcibly();
        }
    }
}
