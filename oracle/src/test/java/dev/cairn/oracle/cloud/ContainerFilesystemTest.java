package dev.cairn.oracle.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerFilesystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The container properties FlowStack gives every job definition. */
    private static JsonNode readOnlyWithScratch() throws IOException {
        return JSON.readTree(
                "{\"ReadonlyRootFilesystem\": true, \"Volumes\": [{\"Name\": \"scratch\", \"Host\": {}}],"
                        + " \"MountPoints\": [{\"ContainerPath\": \"/tmp\", \"ReadOnly\": false, \"SourceVolume\": \"scratch\"}]}");
    }

    private int run(ContainerFilesystem fs, String shell) throws Exception {
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(fs.wrap(List.of("/bin/sh", "-c", shell), "/tmp"))
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(err.toFile())
                .start();
        int exit = p.waitFor();
        System.err.print(Files.readString(err, StandardCharsets.UTF_8));
        return exit;
    }

    @Test
    void aReadOnlyRootRefusesWritesOutsideTheScratchVolumeAndTheScratchVolumeStartsEmpty() throws Exception {
        ContainerFilesystem fs = ContainerFilesystem.of(readOnlyWithScratch());
        assertEquals(new ContainerFilesystem(true, List.of("/tmp")), fs);
        // outside the system temp folder, which the container's /tmp hides
        Path outside = Path.of(
                        "target",
                        "written-from-the-container-" + ProcessHandle.current().pid())
                .toAbsolutePath();
        Files.deleteIfExists(outside);
        assertEquals(
                0,
                run(
                        fs,
                        "[ \"$(pwd)\" = /tmp ] && [ -z \"$(ls -A /tmp)\" ] && echo x > scratch.txt && ! echo x > "
                                + outside + " 2>/dev/null"),
                "cwd /tmp, empty and writable; everything else read-only");
        assertTrue(Files.notExists(outside));
    }

    @Test
    void aWritableRootRunsTheCommandAsItIs() throws Exception {
        ContainerFilesystem fs = ContainerFilesystem.of(JSON.readTree("{}"));
        assertEquals(List.of("java", "-version"), fs.wrap(List.of("java", "-version"), "/tmp"));
    }

    @Test
    void sharedHostPathsAreRefusedRatherThanStoodInFor() throws IOException {
        JsonNode shared = JSON.readTree(
                "{\"ReadonlyRootFilesystem\": true, \"Volumes\": [{\"Name\": \"s\", \"Host\":"
                        + " {\"SourcePath\": \"/data\"}}], \"MountPoints\": [{\"ContainerPath\": \"/data\", \"SourceVolume\": \"s\"}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ContainerFilesystem.of(shared));
        assertTrue(e.getMessage().contains("empty host volumes and tmpfs only"), e.getMessage());
    }
}
