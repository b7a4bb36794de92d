package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.BlobStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.runtime.cloud.CodePackage;
import dev.cairn.testing.flows.ShippedFlowPackage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step runner loads the flow from the job's code package, not from its own image. */
class CodePackageTest {
    @TempDir
    Path dir;

    private Path jar;
    private String sha;
    private final StringWriter err = new StringWriter();

    /** A flow that exists only in a jar built here: the step runner can only find it there. */
    @BeforeEach
    void buildCodePackage() throws Exception {
        jar = ShippedFlowPackage.build(dir).jar();
        sha = BlobStore.sha256(Files.readAllBytes(jar));
    }

    private int step(Map<String, String> env) {
        return CairnCli.execute(
                env,
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "step",
                "ShippedFlow",
                "--datastore",
                dir.resolve("ds").toString(),
                "--branch",
                "prod",
                "--run",
                "20261126-080000-c0de00",
                "--step",
                "start",
                "--task",
                "0");
    }

    @Test
    void flowIsLoadedFromTheVerifiedPackageAndItsHashIsTheRunsCodeVersion() throws Exception {
        assertEquals(0, step(Map.of("CAIRN_CODE_PACKAGE", jar.toString(), "CAIRN_CODE_SHA256", sha)), err.toString());
        FlowDatastore ds = new FlowDatastore(new LocalObjectStore(dir.resolve("ds")), "shipped", "prod", "ShippedFlow");
        TaskRecord start = ds.latestTask("20261126-080000-c0de00", "start", "0").orElseThrow();
        assertTrue(start.succeeded());
        assertEquals(sha.substring(0, 16), start.codeVersion(), "the code version is the package's hash");
        assertEquals(
                "\"" + ShippedFlowPackage.GREETING + "\"",
                new String(ds.blobs().get(start.artifacts().get("greeting").sha())));
    }

    @Test
    void thePackagesClassesWinOverAnOlderBuildOfThemOnTheImagesClasspath() throws Exception {
        Path image = compile("image", "from the image");
        Path packaged = compile("package", "from the package");
        Path origin = dir.resolve("origin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(origin))) {
            out.putNextEntry(new JarEntry("shipped/Origin.class"));
            out.write(Files.readAllBytes(packaged.resolve("shipped/Origin.class")));
            out.closeEntry();
        }
        String originSha = BlobStore.sha256(Files.readAllBytes(origin));
        try (URLClassLoader imageClasspath =
                new URLClassLoader(new URL[] {image.toUri().toURL()}, getClass().getClassLoader())) {
            ClassLoader loader = new CodePackage(origin, originSha).classLoader(imageClasspath);
            assertEquals(
                    "from the package",
                    loader.loadClass("shipped.Origin").getMethod("where").invoke(null));
            assertEquals(
                    dev.cairn.flow.FlowSpec.class,
                    loader.loadClass("dev.cairn.flow.FlowSpec"),
                    "Cairn's API is shared");
        }
    }

    private Path compile(String name, String where) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src-" + name + "/shipped"));
        Files.writeString(
                src.resolve("Origin.java"),
                "package shipped; public class Origin { public static String where() { return \"" + where + "\"; } }");
        Path classes = Files.createDirectories(dir.resolve("classes-" + name));
        assertEquals(
                0,
                ToolProvider.getSystemJavaCompiler()
                        .run(
                                null,
                                null,
                                null,
                                "-d",
                                classes.toString(),
                                src.resolve("Origin.java").toString()));
        return classes;
    }

    @Test
    void packageWhoseHashDoesNotMatchTheDeployIsRefused() {
        String wrong = "0".repeat(64);
        assertEquals(2, step(Map.of("CAIRN_CODE_PACKAGE", jar.toString(), "CAIRN_CODE_SHA256", wrong)));
        assertTrue(err.toString().contains("refusing to run it"), err.toString());
    }

    @Test
    void withoutAPackageTheFlowMustBeOnTheImagesClasspath() {
        assertEquals(2, step(Map.of()));
        assertTrue(err.toString().contains("no flow named ShippedFlow"), err.toString());
    }
}
