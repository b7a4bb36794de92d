package dev.cairn.cli;

import dev.cairn.flow.FlowSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Finds a flow class by its simple name ({@code CountryModels}) or full name on the classpath. */
final class FlowLocator {
    // scanning the classpath takes a while and its answer does not change within a JVM
    private static final java.util.Map<String, Class<? extends FlowSpec>> FOUND =
            new java.util.concurrent.ConcurrentHashMap<>();

    private FlowLocator() {}

    static Class<? extends FlowSpec> find(String name) {
        Class<? extends FlowSpec> found = FOUND.get(name);
        if (found == null) {
            found = scan(name, Thread.currentThread().getContextClassLoader(), classpath());
            FOUND.put(name, found);
        }
        return found;
    }

    /** A flow in the given jars or class folders, loaded by {@code loader} (a code package's). */
    static Class<? extends FlowSpec> find(String name, ClassLoader loader, List<Path> entries) {
        return scan(name, loader, entries);
    }

    private static List<Path> classpath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .map(e -> Path.of(e.isEmpty() ? "." : e))
                .toList();
    }

    private static Class<? extends FlowSpec> scan(String name, ClassLoader loader, List<Path> entries) {
        List<String> unreadable = new ArrayList<>();
        List<String> candidates =
                name.contains(".") ? List.of(name) : classNamesEndingWith("/" + name + ".class", entries, unreadable);
        List<Class<? extends FlowSpec>> flows = new ArrayList<>();
        for (String candidate : candidates) {
            try {
                Class<?> type = Class.forName(candidate, false, loader);
                if (FlowSpec.class.isAssignableFrom(type) && type != FlowSpec.class) {
                    flows.add(type.asSubclass(FlowSpec.class));
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // not loadable here: not a flow we can run
            }
        }
        if (flows.isEmpty()) {
            throw new UserError("no flow named " + name
                    + " on the classpath: give the simple class name of a FlowSpec subclass"
                    + " (for example CountryModels), and add your flow's jar or classes with CAIRN_CLASSPATH"
                    + (unreadable.isEmpty() ? "" : "; these classpath entries could not be read: " + unreadable));
        }
        if (flows.size() > 1) {
            throw new UserError("several flows are named " + name + ": "
                    + flows.stream().map(Class::getName).toList() + "; give the full class name");
        }
        return flows.get(0);
    }

    private static List<String> classNamesEndingWith(String suffix, List<Path> entries, List<String> unreadable) {
        List<String> names = new ArrayList<>();
        for (Path path : entries) {
            String entry = path.toString();
            try {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> walk = Files.walk(path)) {
                        walk.map(p -> "/" + path.relativize(p).toString().replace(File.separatorChar, '/'))
                                .filter(p -> p.endsWith(suffix))
                                .forEach(p -> names.add(toClassName(p.substring(1))));
                    }
                } else if (Files.isRegularFile(path) && entry.endsWith(".jar")) {
                    try (JarFile jar = new JarFile(path.toFile())) {
                        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            String n = e.nextElement().getName();
                            if (("/" + n).endsWith(suffix)) {
                                names.add(toClassName(n));
                            }
                        }
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                unreadable.add(entry + " (" + e.getMessage() + ")");
            }
        }
        return names;
    }

    private static String toClassName(String resource) {
        return resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
    }
}
