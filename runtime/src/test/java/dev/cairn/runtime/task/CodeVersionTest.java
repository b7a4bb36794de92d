package dev.cairn.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cairn.datastore.BlobStore;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code version of a flow in a folder of classes is the code that flow needs: flows built into one folder
 * (as CAIRN_CLASSPATH often holds them) keep their versions when another one changes.
 */
class CodeVersionTest {
    @TempDir
    Path dir;

    private Path classes;
    private Path libJar;

    private static final String SCALER = """
            package flows;
            public class Scaler { public static int scale(int x) { return x * %d; } }
            """;
    private static final String SCALED = """
            package flows;
            import dev.cairn.flow.*;
            @Flow(project = "tests")
            public class ScaledFlow extends FlowSpec {
                int value;
                @Step(next = "end") public void start() { value = Scaler.scale(%d); }
                @Step public void end() {}
            }
            """;
    private static final String GREETING = """
            package flows;
            import dev.cairn.flow.*;
            @Flow(project = "tests")
            public class GreetingFlow extends FlowSpec {
                String greeting;
                @Step(next = "end") public void start() { greeting = "%s"; }
                @Step public void end() {}
            }
            """;
    private static final String LIB = """
            package lib;
            public class Lib { public static String name() { return "%s"; } }
            """;
    private static final String LIBRARY_USER = """
            package flows;
            import dev.cairn.flow.*;
            @Flow(project = "tests")
            public class LibraryFlow extends FlowSpec {
                String name;
                @Step(next = "end") public void start() { name = lib.Lib.name(); }
                @Step public void end() {}
            }
            """;

    /** Three flows and a helper in one classes folder; one of them uses a jar. */
    @BeforeEach
    void buildFlows() throws Exception {
        classes = Files.createDirectories(dir.resolve("classes"));
        libJar = dir.resolve("lib-1.0.jar");
        buildLibJar("one");
        compile(Map.of(
                "Scaler", SCALER.formatted(2),
                "ScaledFlow", SCALED.formatted(21),
                "GreetingFlow", GREETING.formatted("hello"),
                "LibraryFlow", LIBRARY_USER));
    }

    @Test
    void rewritingOneFlowsClassFileChangesItsVersionAndNotTheOthers() throws Exception {
        String scaled = version("flows.ScaledFlow");
        String greeting = version("flows.GreetingFlow");
        assertNotEquals(scaled, greeting, "two flows, two versions");

        compile("GreetingFlow", GREETING.formatted("good morning"));

        assertEquals(scaled, version("flows.ScaledFlow"), "an unrelated flow changed");
        assertNotEquals(greeting, version("flows.GreetingFlow"), "the rewritten flow changed");
    }

    @Test
    void changingAHelperClassChangesTheVersionOfTheFlowsThatUseItOnly() throws Exception {
        String scaled = version("flows.ScaledFlow");
        String greeting = version("flows.GreetingFlow");

        compile("Scaler", SCALER.formatted(3));

        assertNotEquals(scaled, version("flows.ScaledFlow"), "ScaledFlow calls Scaler");
        assertEquals(greeting, version("flows.GreetingFlow"));
    }

    @Test
    void aJarTheFlowUsesCountsByItsContent() throws Exception {
        String library = version("flows.LibraryFlow");
        String greeting = version("flows.GreetingFlow");

        buildLibJar("two");

        assertNotEquals(library, version("flows.LibraryFlow"), "LibraryFlow uses lib.Lib from the jar");
        assertEquals(greeting, version("flows.GreetingFlow"));
    }

    @Test
    void addingAFlowToTheFolderChangesNoVersion() throws Exception {
        String scaled = version("flows.ScaledFlow");

        compile("NewFlow", GREETING.replace("GreetingFlow", "NewFlow").formatted("new"));

        assertEquals(scaled, version("flows.ScaledFlow"));
    }

    @Test
    void aFlowInAJarHasTheJarsHash() throws Exception {
        Path jar = dir.resolve("flows.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("GreetingFlow", "Scaler")) {
                out.putNextEntry(new JarEntry("flows/" + name + ".class"));
                out.write(Files.readAllBytes(classes.resolve("flows/" + name + ".class")));
                out.closeEntry();
            }
        }
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertEquals(
                    BlobStore.sha256(Files.readAllBytes(jar)).substring(0, 16),
                    CodeVersion.of(loader.loadClass("flows.GreetingFlow")));
        }
    }

    /** The version of {@code flow} as a fresh class loader over the folder and the jar loads it. */
    private String version(String flow) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL(), libJar.toUri().toURL()},
                getClass().getClassLoader())) {
            return CodeVersion.of(loader.loadClass(flow));
        }
    }

    /** Compiles one source into the classes folder, rewriting the class file it had. */
    private void compile(String name, String source) throws IOException {
        compile(Map.of(name, source));
    }

    private void compile(Map<String, String> sources) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/flows"));
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            files.add(Files.writeString(src.resolve(source.getKey() + ".java"), source.getValue()));
        }
        javac(classes, classes + java.io.File.pathSeparator + libJar, files);
    }

    private void buildLibJar(String name) throws IOException {
        Path src = Files.createDirectories(dir.resolve("lib-src/lib")).resolve("Lib.java");
        Files.writeString(src, LIB.formatted(name));
        Path out = Files.createDirectories(dir.resolve("lib-classes"));
        javac(out, "", List.of(src));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(libJar))) {
            jar.putNextEntry(new JarEntry("lib/Lib.class"));
            jar.write(Files.readAllBytes(out.resolve("lib/Lib.class")));
            jar.closeEntry();
        }
    }

    private static void javac(Path out, String extraClasspath, List<Path> sources) {
        List<String> args = new ArrayList<>(List.of(
                "-d",
                out.toString(),
                "-cp",
                System.getProperty("java.class.path") + java.io.File.pathSeparator + extraClasspath));
        sources.forEach(source -> args.add(source.toString()));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)));
    }
}
