package dev.cairn.runtime.task;

import dev.cairn.datastore.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A flow's code version: the SHA-256 of the code the flow needs, shortened to 16 hex digits. Two runs with
 * the same version ran the same code, and editing one flow leaves the version of the others as it was.
 *
 * <ul>
 *   <li>A flow loaded from a jar (a cloud code package, or a jar on {@code CAIRN_CLASSPATH}): the jar's hash.
 *       The jar is what was built and shipped as one unit, and in the cloud this is the package's own hash.
 *   <li>A flow loaded from a folder of classes: the class files reachable from the flow class by the classes
 *       each one names in its constant pool ({@link ClassReferences}), followed within that folder, plus the
 *       hash of each jar those classes use, and of each class they use from another folder. The JDK and
 *       Cairn's {@link SharedPackages} are the platform and do not count. A walk over references rather than
 *       the flow's package, because flows often share a package (and a helper class) with others.
 * </ul>
 *
 * Code reached only through reflection with a computed class name, and resources other than classes, are
 * not seen; the folder's {@code META-INF/services} files are, with the classes they name (codecs), since
 * the runtime loads them for every flow.
 */
public final class CodeVersion {
    private static final String SERVICES = "META-INF/services";
    private static final ClassValue<String> VERSIONS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> flowClass) {
            return compute(flowClass);
        }
    };

    private CodeVersion() {}

    public static String of(Class<?> flowClass) {
        return VERSIONS.get(flowClass);
    }

    private static String compute(Class<?> flowClass) {
        Path root = root(flowClass);
        if (root == null) {
            return "unknown";
        }
        if (Files.isRegularFile(root)) {
            return jarHash(root).substring(0, 16);
        }
        try {
            return reachableCodeHash(flowClass, root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the code of flow " + flowClass.getName() + " in " + root, e);
        }
    }

    /** The jar or classes folder {@code type} was loaded from; null when that is not a local file. */
    private static Path root(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String reachableCodeHash(Class<?> flowClass, Path root) throws IOException {
        ClassLoader loader = flowClass.getClassLoader();
        SortedMap<String, String> parts = new TreeMap<>(); // what counts -> its hash, in a stable order
        Deque<String> pending = new ArrayDeque<>();
        pending.add(flowClass.getName().replace('.', '/'));
        services(root, parts, pending);
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            String name = pending.poll();
            if (!seen.add(name)) {
                continue;
            }
            URL url = loader.getResource(name + ".class");
            Path file = url == null ? null : localFile(url);
            boolean own = file != null && file.startsWith(root);
            if (url == null || (!own && SharedPackages.contains(name.replace('/', '.')))) {
                continue; // the JDK, or the platform
            }
            if (own) {
                byte[] bytes = Files.readAllBytes(file);
                parts.put("class " + name, BlobStore.sha256(bytes));
                pending.addAll(ClassReferences.of(bytes));
            } else if (file != null) {
                parts.put("class " + name, BlobStore.sha256(Files.readAllBytes(file)));
            } else if ("jar".equals(url.getProtocol())) {
                Path jar = jarOf(url);
                if (jar != null) {
                    parts.put("jar " + jar.getFileName(), jarHash(jar));
                }
            }
        }
        MessageDigest digest = sha256();
        parts.forEach((what, hash) -> digest.update((what + " " + hash + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    /** The folder's service files count, and the classes they name are walked like the flow's own. */
    private static void services(Path root, Map<String, String> parts, Deque<String> pending) throws IOException {
        Path services = root.resolve(SERVICES);
        if (!Files.isDirectory(services)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(services)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            parts.put(SERVICES + "/" + file.getFileName(), BlobStore.sha256(bytes));
            new String(bytes, StandardCharsets.UTF_8)
                    .lines()
                    .map(line -> line.replaceAll("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .forEach(provider -> pending.add(provider.replace('.', '/')));
        }
    }

    private static Path localFile(URL url) {
        if (!"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Path jarOf(URL url) {
        try {
            return localFile(((JarURLConnection) url.openConnection()).getJarFileURL());
        } catch (IOException | ClassCastException e) {
            return null;
        }
    }

    /** A jar's full SHA-256, streamed: jars of libraries can be large. */
    private static String jarHash(Path jar) {
        try {
            MessageDigest digest = sha256();
            try (InputStream in = Files.newInputStream(jar)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the jar " + jar, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
