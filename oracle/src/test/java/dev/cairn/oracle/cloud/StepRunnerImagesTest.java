package dev.cairn.oracle.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The step-runner images start the JVM as the serving image does, with the heap sized from the container's
 * memory: a Batch job given 4096 MB gets a 3 GiB heap, not the JVM's default quarter.
 */
class StepRunnerImagesTest {
    private static final Path ROOT = repositoryRoot();
    private static final Pattern MAX_HEAP = Pattern.compile("\\bMaxHeapSize\\s*=\\s*(\\d+)");

    @ParameterizedTest
    @ValueSource(strings = {"containers/step-runner/Dockerfile", "containers/step-runner/Dockerfile.gpu"})
    void aJobWith4096MbGetsThreeQuartersOfItAsHeapAsTheServingImageDoes(String dockerfile) throws Exception {
        List<String> stepRunner = jvmOptions(dockerfile);
        List<String> serving = jvmOptions("containers/serving/Dockerfile");

        assertEquals(ramPercentage(serving), ramPercentage(stepRunner), "the same setting as the serving image");
        assertEquals(3L << 30, maxHeapWithMemory(stepRunner, "4096m"), "the heap of a job with memoryMb = 4096");
        // a step that runs out of memory is recorded against the step: the JVM must live on to write the record
        assertFalse(stepRunner.contains("-XX:+ExitOnOutOfMemoryError"), stepRunner.toString());
    }

    /**
     * The archive the JVM maps at start is written by the image's build, with the very options and classpath of the
     * ENTRYPOINT (an archive made under others is ignored), under the image's own folder: at run time the root file
     * system is read-only and {@code /tmp} is a fresh volume.
     */
    @ParameterizedTest
    @ValueSource(strings = {"containers/step-runner/Dockerfile", "containers/step-runner/Dockerfile.gpu"})
    void theClassDataArchiveIsWrittenAtBuildTimeWithTheEntrypointsOptions(String dockerfile) throws Exception {
        List<String> entrypoint =
                DockerfileImage.read(ROOT, ROOT.resolve(dockerfile)).entrypoint();
        List<String> options = jvmOptions(dockerfile);
        String archive = "/opt/cairn/cds/step-runner.jsa";
        assertTrue(options.contains("-XX:SharedArchiveFile=" + archive), options.toString());
        int classpath = entrypoint.indexOf("-cp");
        assertTrue(
                java.util.Arrays.stream(entrypoint.get(classpath + 1).split(":"))
                        .allMatch(p -> p.endsWith("/*")),
                "jars only: a class folder cannot be archived: " + entrypoint.get(classpath + 1));
        String expected = "java "
                + String.join(" ", options)
                        .replace("-XX:SharedArchiveFile=" + archive, "-XX:ArchiveClassesAtExit=" + archive)
                + " -cp \"" + entrypoint.get(classpath + 1) + "\" " + entrypoint.get(classpath + 2) + " step ";
        String text = Files.readString(ROOT.resolve(dockerfile)).replace("\\\n", " ");
        String training = text.lines()
                .filter(l -> l.startsWith("RUN ") && l.contains("-XX:ArchiveClassesAtExit="))
                .findFirst()
                .orElseThrow(() -> new AssertionError(dockerfile + " has no RUN that writes the archive"));
        assertTrue(training.replaceAll("\\s+", " ").contains(expected), training + "\nshould run: " + expected);
        assertTrue(text.indexOf(training) < text.indexOf("USER cairn"), "written as root, before the job's user");
    }

    /** The options between {@code java} and the classpath in the image's ENTRYPOINT. */
    private static List<String> jvmOptions(String dockerfile) {
        List<String> entrypoint =
                DockerfileImage.read(ROOT, ROOT.resolve(dockerfile)).entrypoint();
        assertEquals("java", entrypoint.getFirst(), dockerfile);
        int classpath = entrypoint.indexOf("-cp");
        assertTrue(classpath > 0, dockerfile + " names its classpath with -cp");
        return List.copyOf(entrypoint.subList(1, classpath));
    }

    private static String ramPercentage(List<String> options) {
        return options.stream()
                .filter(o -> o.startsWith("-XX:MaxRAMPercentage="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no -XX:MaxRAMPercentage in " + options));
    }

    /** The heap this JVM would size under {@code options} in a container of {@code memory}. */
    private static long maxHeapWithMemory(List<String> options, String memory)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-XX:MaxRAM=" + memory, "-XX:+PrintFlagsFinal", "-version"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String flags = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, java.exitValue(), flags);
        Matcher heap = MAX_HEAP.matcher(flags);
        assertTrue(heap.find(), flags);
        return Long.parseLong(heap.group(1));
    }

    private static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        return Files.isDirectory(module.resolve("containers")) ? module : module.getParent();
    }
}
