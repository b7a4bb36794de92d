package dev.cairn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.graph.FlowGraph;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the root README compiles as shown, each on its own, against what a reader's classpath
 * holds (the CLI's and the examples'): a reader who copies one gets no missing import. A block fenced {@code ```java
 * fragment} is a part of a file and is left out.
 */
class ReadmeJavaSnippetsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public\\s+(?:final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)", Pattern.MULTILINE);

    @TempDir
    Path classes;

    /** A {@code ```java} block: its text and the README line its first line is on. */
    record Snippet(int firstLine, String code) {}

    static List<Snippet> javaBlocks(List<String> lines) {
        List<Snippet> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            int first = i + 1;
            StringBuilder code = new StringBuilder();
            for (i = first; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
                code.append(lines.get(i)).append('\n');
            }
            blocks.add(new Snippet(first + 1, code.toString()));
        }
        return blocks;
    }

    @Test
    void everyJavaBlockOfTheReadmeCompilesAsShown() throws IOException {
        List<Snippet> blocks = javaBlocks(Files.readAllLines(README));
        assertFalse(blocks.isEmpty(), "no ```java block found in " + README.toAbsolutePath());
        List<String> problems = new ArrayList<>();
        for (Snippet block : blocks) {
            problems.addAll(compile(block));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void aBlockThatDoesNotCompileIsReportedWithItsReadmeLine() throws IOException {
        List<Snippet> blocks = javaBlocks(
                List.of("text", "```java", "class Broken { int x = ; }", "```", "```java fragment", "junk", "```"));
        assertEquals(1, blocks.size(), "the fragment is left out: " + blocks);
        List<String> problems = compile(blocks.get(0));
        assertFalse(problems.isEmpty(), "a broken block must fail");
        assertTrue(problems.get(0).startsWith("README.md:3: "), problems.get(0));
    }

    private List<String> compile(Snippet block) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests run on a JRE without javac: run them with a JDK");
        Matcher type = PUBLIC_TYPE.matcher(block.code());
        String name = type.find() ? type.group(1) : "ReadmeLine" + block.firstLine();
        JavaFileObject source =
                new SimpleJavaFileObject(
                        URI.create("string:///" + name + JavaFileObject.Kind.SOURCE.extension),
                        JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return block.code();
                    }
                };
        Path out = Files.createDirectories(classes.resolve("line" + block.firstLine()));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of(
                "--release",
                "21",
                "-proc:none",
                // the test JVM's classpath: the CLI's modules and the examples, what the README's build line gives
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                out.toString());
        boolean compiled = javac.getTask(null, null, diagnostics, options, null, List.of(source))
                .call();
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                problems.add("README.md:" + (block.firstLine() + d.getLineNumber() - 1) + ": "
                        + d.getMessage(Locale.ROOT) + " (the ```java block from line " + block.firstLine() + ")");
            }
        }
        if (!compiled && problems.isEmpty()) {
            problems.add("README.md:" + block.firstLine() + ": the ```java block does not compile");
        }
        if (compiled) {
            problems.addAll(invalidFlows(out, block));
        }
        return problems;
    }

    /** A flow in a block must also be one `cairn run` accepts: its graph is validated as a run validates it. */
    private static List<String> invalidFlows(Path out, Snippet block) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(out)) {
            classFiles = files.filter(f -> f.toString().endsWith(".class")).toList();
        }
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {out.toUri().toURL()}, ReadmeJavaSnippetsTest.class.getClassLoader())) {
            for (Path file : classFiles) {
                String name =
                        out.relativize(file).toString().replace(".class", "").replace(File.separatorChar, '.');
                Class<?> type = Class.forName(name, false, loader);
                if (FlowSpec.class.isAssignableFrom(type) && !type.isAnonymousClass()) {
                    try {
                        FlowGraph.of(type.asSubclass(FlowSpec.class));
                    } catch (RuntimeException e) {
                        problems.add("README.md:" + block.firstLine() + ": flow " + type.getSimpleName()
                                + " compiles but is not a valid flow: " + e.getMessage());
                    }
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("javac wrote a class it cannot load: " + e.getMessage(), e);
        }
        return problems;
    }
}
