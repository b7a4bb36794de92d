package dev.cairn.cli;

import dev.cairn.flow.layout.PathName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;

/**
 * A project for one's own flows, as {@code cairn init} writes it: a pom importing cairn-bom at this build's version,
 * an example flow with a foreach and a join, its JUnit test, a {@code ./cairn} launcher, the Maven Wrapper.
 *
 * <pre>{@code
 * List<Path> files = new NewFlowProject(Path.of("my-flows"), "flows", "HelloFlow").write();
 * }</pre>
 *
 * The files are the resources under {@code dev/cairn/cli/project/}; {@code {{name}}} in a {@code .tmpl} file is
 * replaced by the project's names or by a version from this build's version.properties.
 *
 * @param folder      a new or empty folder; its name is the artifactId and the flows' {@code @Flow(project)}
 * @param packageName the flows' Java package, also the groupId
 * @param flowName    the example flow's class
 */
record NewFlowProject(Path folder, String packageName, String flowName) {
    private static final String TEMPLATES = "project/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z.-]+)}}");

    NewFlowProject {
        if (!SourceVersion.isName(packageName)) {
            throw new UserError("--package " + packageName + " is not a Java package name: give one like flows or"
                    + " com.example.flows");
        }
        if (!SourceVersion.isName(flowName) || flowName.contains(".")) {
            throw new UserError("--flow " + flowName + " is not a Java class name: give one like HelloFlow");
        }
        Path name = folder.toAbsolutePath().normalize().getFileName();
        // the project's name is @Flow(project), so it takes PathName's rule (FlowGraph checks the same); as the pom's
        // artifactId it needs nothing more: Maven takes letters, digits, '.', '-' and '_'
        String problem = name == null ? "project is empty" : PathName.PROJECT.problem(name.toString());
        if (problem != null) {
            throw new UserError("folder " + folder + ": its name is the project's name, and " + problem
                    + " (for example my-flows)");
        }
    }

    /** One file of the project: the resource it comes from, where it goes, whether it runs. */
    private record ProjectFile(String resource, String path, boolean executable) {}

    /** Writes the project; refuses a folder that exists and is not empty. Returns the files written. */
    List<Path> write() {
        refuseNonEmpty();
        Map<String, String> values = values();
        String sources = packageName.replace('.', '/');
        List<ProjectFile> files = List.of(
                new ProjectFile("pom.xml.tmpl", "pom.xml", false),
                new ProjectFile("Flow.java.tmpl", "src/main/java/" + sources + "/" + flowName + ".java", false),
                new ProjectFile("FlowTest.java.tmpl", "src/test/java/" + sources + "/" + flowName + "Test.java", false),
                new ProjectFile("README.md.tmpl", "README.md", false),
                new ProjectFile("gitignore.tmpl", ".gitignore", false),
                new ProjectFile("cairn", "cairn", true),
                new ProjectFile("java-home.sh", "bin/java-home.sh", false),
                new ProjectFile("mvnw", "mvnw", true),
                new ProjectFile("maven-wrapper.properties", ".mvn/wrapper/maven-wrapper.properties", false));
        List<Path> written = new ArrayList<>();
        try {
            for (ProjectFile file : files) {
                byte[] content = resource(file.resource());
                if (file.resource().endsWith(".tmpl")) {
                    content = render(new String(content, StandardCharsets.UTF_8), values)
                            .getBytes(StandardCharsets.UTF_8);
                }
                Path target = folder.resolve(file.path());
                Files.createDirectories(target.getParent());
                Files.write(target, content);
                if (file.executable()) {
                    makeExecutable(target);
                }
                written.add(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the project into " + folder + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** The artifactId, and the project its flows are stored under. */
    String projectName() {
        return folder.toAbsolutePath().normalize().getFileName().toString();
    }

    /** The version of Cairn the project depends on: this build's. */
    static String cairnVersion() {
        return buildVersions().getProperty("version");
    }

    private void refuseNonEmpty() {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UserError(folder + " is a file: give a new or empty folder for the project");
        }
        if (Files.isDirectory(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                List<String> names =
                        entries.map(p -> p.getFileName().toString()).sorted().toList();
                if (!names.isEmpty()) {
                    throw new UserError(
                            folder + " is not empty (it holds " + names.subList(0, Math.min(3, names.size()))
                                    + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "")
                                    + "): give a new or empty folder, e.g. cairn init my-flows");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
    }

    private Map<String, String> values() {
        Map<String, String> values = new HashMap<>();
        buildVersions().forEach((key, value) -> values.put(key.toString(), value.toString()));
        values.put("cairnVersion", cairnVersion());
        values.put("junitVersion", values.get("junit.version"));
        values.put("groupId", packageName);
        values.put("artifactId", projectName());
        values.put("project", projectName());
        values.put("package", packageName);
        values.put("packagePath", packageName.replace('.', '/'));
        values.put("flow", flowName);
        return values;
    }

    static String render(String template, Map<String, String> values) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalStateException("project template names {{" + placeholder.group(1)
                        + "}}, which has no value: add it to NewFlowProject.values() or version.properties");
            }
            placeholder.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(out);
        return out.toString();
    }

    private static Properties buildVersions() {
        Properties build = new Properties();
        try (InputStream in = NewFlowProject.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException(
                        "version.properties is missing from the CLI's classes: rebuild with ./mvnw");
            }
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CLI's version.properties", e);
        }
        return build;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = NewFlowProject.class.getResourceAsStream(TEMPLATES + name)) {
            if (in == null) {
                throw new IllegalStateException("the project template " + TEMPLATES + name
                        + " is missing from the CLI's classes: rebuild Cairn with ./mvnw");
            }
            return in.readAllBytes();
        }
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): nothing marks a file as runnable there
        }
    }
}
