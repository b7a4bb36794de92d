package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./cairn} launcher's first build, run for real against a copy of the launcher whose {@code mvnw} prints
 * what Maven prints: the reactor's progress reaches stderr as Maven reaches each module.
 */
class LauncherBuildProgressTest {

    private static final Path REPO_ROOT = Path.of("..").toAbsolutePath().normalize();

    /**
     * Prints a two-module reactor as Maven 3.9 does with -B (nothing but errors with -q, as Maven), and waits
     * between the modules until the test creates {@code go}, so the test sees what the launcher shows mid-build.
     */
    private static final String FAKE_MVNW = """
            #!/bin/sh
            case " $* " in *" -q "*) quiet=1 ;; *) quiet=0 ;; esac
            say() { if [ "$quiet" = 0 ]; then echo "$1"; fi; }
            say "[INFO] Scanning for projects..."
            say "[INFO] -----------------------< dev.cairn:cairn-parent >-----------------------"
            say "[INFO] Building Cairn 0.1.0-SNAPSHOT                                     [1/2]"
            say "[INFO] --------------------------------[ pom ]---------------------------------"
            if [ -n "${FAKE_WAIT_FOR_GO:-}" ]; then
              tries=0
              while [ ! -f go ]; do
                tries=$((tries + 1))
                if [ "$tries" -gt 1200 ]; then echo "[ERROR] nobody said go within 60 s" >&2; exit 9; fi
                sleep 0.05
              done
            fi
            say "[INFO] -------------------------< dev.cairn:cairn-flow >-------------------------"
            say "[INFO] Building Cairn flow 0.1.0-SNAPSHOT                                [2/2]"
            say "[INFO] Building jar: /somewhere/flow/target/cairn-flow-0.1.0-SNAPSHOT.jar"
            if [ -n "${FAKE_FAIL:-}" ]; then
              echo "[ERROR] /somewhere/flow/src/main/java/Flow.java:[3,1] class, interface, enum, or record expected" >&2
              exit 1
            fi
            say "[INFO] BUILD SUCCESS"
            """;

    @TempDir
    Path root;

    private Path tmp;

    @BeforeEach
    void copyLauncherWithFakeMaven() throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(REPO_ROOT.resolve("cairn"), root.resolve("cairn"));
        Files.copy(REPO_ROOT.resolve("bin/java-home.sh"), root.resolve("bin/java-home.sh"));
        Path mvnw = Files.writeString(root.resolve("mvnw"), FAKE_MVNW);
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        tmp = Files.createDirectories(root.resolve("tmp"));
    }

    @Test
    void showsEachModuleOnStderrAsMavenReachesIt() throws Exception {
        ProcessBuilder launcher = launcher(List.of(root.resolve("cairn").toString()));
        launcher.environment().put("FAKE_WAIT_FOR_GO", "1");
        Process process = launcher.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader err =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            lines.add(err.readLine());
            lines.add(err.readLine());
            // Maven is still on module 1: the line above was shown while it worked, not when it ended
            assertEquals("cairn: building 1/2 cairn-parent", lines.get(1), String.join("\n", lines));
            Files.createFile(root.resolve("go"));
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                lines.add(line);
            }
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher did not end");

        assertEquals(0, process.exitValue(), String.join("\n", lines));
        assertEquals(
                List.of(
                        "cairn: building (first run, about a minute)...",
                        "cairn: building 1/2 cairn-parent",
                        "cairn: building 2/2 cairn-flow"),
                lines);
        assertTrue(Files.exists(root.resolve("cli/target/lib/.cairn-build-stamp")), "no build stamp");
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "the build log and marker are removed after a good build");
        }
    }

    @Test
    void printsMavensWholeOutputWhenTheBuildFails() throws Exception {
        ProcessBuilder launcher = launcher(List.of(root.resolve("cairn").toString()));
        launcher.environment().put("FAKE_FAIL", "1");
        Process process = launcher.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher did not end");

        assertEquals(1, process.exitValue(), err);
        assertTrue(err.contains("cairn: building 2/2 cairn-flow\n"), err);
        assertTrue(err.contains("[INFO] Building jar: /somewhere/flow/target/cairn-flow-0.1.0-SNAPSHOT.jar\n"), err);
        assertTrue(err.contains("[3,1] class, interface, enum, or record expected\n"), err);
        assertTrue(err.contains("cairn: build failed (./mvnw -B -DskipTests package in "), err);
        assertFalse(Files.exists(root.resolve("cli/target/lib/.cairn-build-stamp")), "a failed build left a stamp");
    }

    @Test
    void updatesOneLineInPlaceOnATerminal() throws Exception {
        assumeTrue(utilLinuxScriptAvailable(), "needs util-linux script(1) to give the launcher a terminal");
        // script(1) runs the launcher on a pseudo-terminal and copies what it shows to our stdout
        ProcessBuilder launcher = launcher(
                List.of("script", "-q", "-e", "-c", quoted(root.resolve("cairn").toString()), "/dev/null"));
        Process process = launcher.start();
        String shown = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher did not end");

        assertEquals(0, process.exitValue(), shown);
        String clearLine = "\r\033[K";
        assertTrue(
                shown.contains(clearLine + "cairn: building 1/2 cairn-parent" + clearLine
                        + "cairn: building 2/2 cairn-flow" + clearLine),
                shown);
    }

    /** The launcher in the copy, building only, with this test's JDK and its temp files in {@code tmp}. */
    private ProcessBuilder launcher(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("CAIRN_BUILD_ONLY", "1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TMPDIR", tmp.toString());
        builder.environment().remove("MAVEN_OPTS");
        return builder;
    }

    private static boolean utilLinuxScriptAvailable() throws InterruptedException {
        try {
            Process version = new ProcessBuilder("script", "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return version.waitFor() == 0 && out.contains("util-linux");
        } catch (IOException notInstalled) {
            return false;
        }
    }

    private static String quoted(String path) {
        return "'" + path.replace("'", "'\\''") + "'";
    }
}
