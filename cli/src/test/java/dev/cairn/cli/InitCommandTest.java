package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.flow.layout.PathName;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cairn(String... args) {
        var cli = CairnCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void writesAProjectWithAFlowItsTestALauncherAndTheMavenWrapper() throws IOException {
        Path project = dir.resolve("my-flows");

        assertEquals(0, cairn("init", project.toString()), err.toString());

        for (String file : List.of(
                "pom.xml",
                "src/main/java/flows/HelloFlow.java",
                "src/test/java/flows/HelloFlowTest.java",
                "README.md",
                ".gitignore",
                "cairn",
                "bin/java-home.sh",
                "mvnw",
                ".mvn/wrapper/maven-wrapper.properties")) {
            assertTrue(Files.isRegularFile(project.resolve(file)), file);
        }
        assertTrue(Files.isExecutable(project.resolve("cairn")), "./cairn runs");
        assertTrue(Files.isExecutable(project.resolve("mvnw")), "./mvnw runs");
        assertTrue(out.toString().contains("./cairn run HelloFlow"), "says what to type next: " + out);
    }

    @Test
    void thePomImportsTheBomOfThisBuildAndPinsThePluginsThisBuildUsed() throws IOException {
        Path project = dir.resolve("my-flows");
        assertEquals(0, cairn("init", project.toString()), err.toString());

        String pom = Files.readString(project.resolve("pom.xml"));
        String version = new CairnCli.Version().getVersion()[0].substring("cairn ".length());
        assertTrue(pom.contains("<cairn.version>" + version + "</cairn.version>"), pom);
        assertTrue(pom.contains("<artifactId>cairn-bom</artifactId>"), pom);
        assertTrue(pom.contains("<artifactId>my-flows</artifactId>"), pom);
        assertTrue(pom.contains("<artifactId>maven-surefire-plugin</artifactId><version>3."), pom);
        try (Stream<Path> files = Files.walk(project)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(file).contains("{{"), "a placeholder left in " + file);
            }
        }
    }

    @Test
    void namesThePackageAndTheFlowAsAsked() throws IOException {
        Path project = dir.resolve("churn");

        assertEquals(0, cairn("init", project.toString(), "--package", "com.example.churn", "--flow", "ChurnFlow"));

        String flow = Files.readString(project.resolve("src/main/java/com/example/churn/ChurnFlow.java"));
        assertTrue(flow.contains("package com.example.churn;"), flow);
        assertTrue(flow.contains("public class ChurnFlow extends FlowSpec"), flow);
        assertTrue(flow.contains("@Flow(project = \"churn\")"), flow);
        assertTrue(flow.contains("CairnCli.main(ChurnFlow.class, args)"), "runnable from its own class: " + flow);
        assertTrue(Files.readString(project.resolve("src/test/java/com/example/churn/ChurnFlowTest.java"))
                .contains("class ChurnFlowTest"));
    }

    @Test
    void refusesAFolderThatIsNotEmptyAndLeavesItAsItWas() throws IOException {
        Path project = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(project.resolve("notes.txt"), "mine");

        assertEquals(CairnCli.USAGE, cairn("init", project.toString()));

        assertTrue(err.toString().contains("is not empty"), err.toString());
        assertTrue(err.toString().contains("notes.txt"), "names what is there: " + err);
        try (Stream<Path> files = Files.list(project)) {
            assertEquals(List.of(project.resolve("notes.txt")), files.toList());
        }
    }

    @Test
    void refusesAPackageOrFlowNameJavaWouldNotCompile() {
        assertEquals(CairnCli.USAGE, cairn("init", dir.resolve("a").toString(), "--package", "com.1bad"));
        assertTrue(err.toString().contains("--package com.1bad is not a Java package name"), err.toString());

        assertEquals(CairnCli.USAGE, cairn("init", dir.resolve("b").toString(), "--flow", "class"));
        assertTrue(err.toString().contains("--flow class is not a Java class name"), err.toString());
        assertFalse(Files.exists(dir.resolve("a")) || Files.exists(dir.resolve("b")), "nothing written");
    }

    @Test
    void theFoldersNameIsCheckedByTheRuleFlowProjectsAreCheckedBy() throws IOException {
        for (String name : new String[] {"_shared", ".hidden", "p".repeat(129)}) {
            assertEquals(CairnCli.USAGE, cairn("init", dir.resolve(name).toString()));
            assertTrue(err.toString().contains(PathName.PROJECT.problem(name)), err.toString());
            assertFalse(Files.exists(dir.resolve(name)), "nothing written for " + name);
        }
        assertEquals(0, cairn("init", dir.resolve("my.flows").toString()), err.toString());
        assertTrue(Files.readString(dir.resolve("my.flows/src/main/java/flows/HelloFlow.java"))
                .contains("@Flow(project = \"my.flows\")"));
    }

    @Test
    void aPlaceholderWithoutAValueIsABugNamedInTheMessage() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> NewFlowProject.render("x {{nope}} y", Map.of("flow", "F")));
        assertTrue(e.getMessage().contains("{{nope}}"), e.getMessage());
        assertEquals("x F y", NewFlowProject.render("x {{flow}} y", Map.of("flow", "F")));
    }
}
