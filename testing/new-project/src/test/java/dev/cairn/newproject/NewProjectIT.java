package dev.cairn.newproject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.cli.CairnCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * From an empty folder to a run's card, as a user does it: {@code cairn init}, {@code ./mvnw test}, {@code ./cairn
 * run}, {@code show} and {@code card}, and the flow's own main. Maven runs offline: Cairn's artifacts come from the
 * repository the invoker plugin filled from this build (target/local-repo), plugins from the repository this build
 * ran with, read as a file:// mirror; nothing is written to ~/.m2.
 */
class NewProjectIT {
    private static final Path WORK = Path.of(System.getProperty("cairn.it.work"));
    private static final Path PROJECT = WORK.resolve("my-flows");
    private static Map<String, String> env;

    @BeforeAll
    static void createTheProjectInAnEmptyFolder() throws IOException {
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        Result init = cairn("init", PROJECT.toString());
        assertEquals(0, init.exit(), init.toString());
        assertTrue(init.out().contains("./cairn run HelloFlow"), init.out());
        env = mavenEnvironment();
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void buildsTestsRunsShowsAndDrawsItsFlowOffline() throws Exception {
        Result test = run(List.of("./mvnw", "-B", "-ntp", "test"), "mvnw-test");
        assertEquals(0, test.exit(), test.toString());
        assertTrue(test.out().contains("Tests run: 1, Failures: 0, Errors: 0"), test.out());

        Result run = run(List.of("./cairn", "run", "HelloFlow", "--x", "4"), "cairn-run");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.err().contains("cairn: building my-flows"), "the launcher builds the new project first");
        assertTrue(run.err().contains("compiler:"), "and shows the build's progress: " + run.err());
        assertTrue(run.out().contains("succeeded"), run.out());

        Result show = run(List.of("./cairn", "show", "HelloFlow/latest/end"), "cairn-show");
        assertEquals(0, show.exit(), show.toString());
        assertFalse(show.err().contains("building"), "nothing changed, so no second build: " + show.err());
        assertTrue(show.out().contains("total") && show.out().contains("30"), "1+4+9+16 = 30: " + show.out());

        Result card = run(List.of("./cairn", "card", "HelloFlow/latest"), "cairn-card");
        assertEquals(0, card.exit(), card.toString());
        Path html = Path.of(card.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        String page = Files.readString(PROJECT.resolve(html));
        assertTrue(page.contains("HelloFlow") && page.contains("add up to"), "the card of the run: " + html);

        String classpath = Files.readString(PROJECT.resolve("target/cairn.classpath"));
        for (String testOnly : List.of("cairn-test-flows", "cairn-testing", "junit", "s3proxy", "archunit")) {
            assertFalse(classpath.contains(testOnly), "the flows' classpath holds no test library: " + testOnly);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String flowClasspath = "target/classes:" + classpath.strip();
        Result own = run(
                List.of(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        flowClasspath,
                        "flows.HelloFlow",
                        "run",
                        "--x",
                        "3"),
                "flow-main-run");
        assertEquals(0, own.exit(), own.toString());
        Result ownShow = run(
                List.of(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        flowClasspath,
                        "flows.HelloFlow",
                        "show",
                        "latest/end"),
                "flow-main-show");
        assertEquals(0, ownShow.exit(), ownShow.toString());
        assertTrue(ownShow.out().contains("14"), "1+4+9 = 14, run from the flow's main: " + ownShow.out());
    }

    /** The new project's ./mvnw runs this build's Maven offline; ./cairn's builds get the same MAVEN_ARGS. */
    private static Map<String, String> mavenEnvironment() throws IOException {
        Path mavenHome = Path.of(System.getProperty("cairn.it.maven-home"));
        Path userHome = WORK.resolve("home");
        Properties wrapper = new Properties();
        try (var in = Files.newInputStream(PROJECT.resolve(".mvn/wrapper/maven-wrapper.properties"))) {
            wrapper.load(in);
        }
        // where mvnw looks for its distribution: dists/<zip name without -bin.zip>/<hex of the URL's String hash>
        String url = wrapper.getProperty("distributionUrl");
        String name = url.substring(url.lastIndexOf('/') + 1)
                .replaceFirst("\\.zip$", "")
                .replaceFirst("-bin$", "");
        Path distribution =
                userHome.resolve(".m2/wrapper/dists").resolve(name).resolve(Integer.toHexString(url.hashCode()));
        Files.createDirectories(distribution.getParent());
        Files.createSymbolicLink(distribution, mavenHome);

        Path userRepo = Path.of(System.getProperty("cairn.it.user-repo"));
        Path settings = WORK.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>this-build-repository</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(userRepo.toUri()));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HOME", userHome.toString());
        env.put("MAVEN_USER_HOME", userHome.resolve(".m2").toString());
        env.put("MAVEN_OPTS", "-Duser.home=" + userHome);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put(
                "MAVEN_ARGS",
                String.join(
                        " ",
                        "--offline",
                        "-Daether.offline.protocols=file",
                        "--settings",
                        settings.toString(),
                        "-Dmaven.repo.local=" + System.getProperty("cairn.it.local-repo")));
        env.remove("CAIRN_CLASSPATH");
        env.remove("CAIRN_DATASTORE");
        env.remove("MAVEN_CONFIG");
        return env;
    }

    private static Result cairn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CairnCli.execute(Map.of(), new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Runs a command in the project folder; its output also goes to target/new-project-it/NAME.log. */
    private static Result run(List<String> command, String name) throws IOException, InterruptedException {
        System.out.println("new-project-it: "
                + String.join(" ", command.stream().map(NewProjectIT::shortened).toList()));
        long started = System.nanoTime();
        Path out = WORK.resolve(name + ".out.log");
        Path err = WORK.resolve(name + ".err.log");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.directory(PROJECT.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        process.getOutputStream().close(); // no input: a prompt fails instead of waiting
        boolean done = process.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly();
        }
        Result result = new Result(
                done ? process.exitValue() : -1,
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        System.out.printf("new-project-it:   exit %d in %.1f s%n", result.exit(), (System.nanoTime() - started) / 1e9);
        return result;
    }

    private static String shortened(String argument) {
        return argument.length() > 80 ? argument.substring(0, 60) + "...(" + argument.length() + " chars)" : argument;
    }

    private record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
