package dev.cairn.testing.flows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;

/**
 * A code package (a jar) holding one flow, {@value #FLOW}, compiled from source when the package is built: no
 * classpath has the flow but the package's, which is where the step runner and the CDK app must load flows from.
 * The flow is in project {@code shipped}; its {@code start} sets the artifact {@code greeting} to {@value #GREETING}.
 *
 * @param jar the package
 */
public record ShippedFlowPackage(Path jar) {
    public static final String FLOW = "shipped.ShippedFlow";
    public static final String GREETING = "from the code package";

    /** Compiles the flow against this JVM's classpath (it needs Cairn's flow API) and packs it into a jar in dir. */
    public static ShippedFlowPackage build(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/shipped"));
        Path source = Files.writeString(src.resolve("ShippedFlow.java"), """
                package shipped;
                import dev.cairn.flow.*;
                @Flow(project = "shipped")
                public class ShippedFlow extends FlowSpec {
                    String greeting;
                    @Step(next = "end") public void start() { greeting = "%s"; }
                    @Step public void end() {}
                }
                """.formatted(GREETING));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int exit = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-d",
                        classes.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        source.toString());
        if (exit != 0) {
            throw new IllegalStateException("javac could not compile " + FLOW + " (exit " + exit + ")");
        }
        Path jar = dir.resolve("shipped.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("shipped/ShippedFlow.class"));
            out.write(Files.readAllBytes(classes.resolve("shipped/ShippedFlow.class")));
            out.closeEntry();
        }
        return new ShippedFlowPackage(jar);
    }
}
