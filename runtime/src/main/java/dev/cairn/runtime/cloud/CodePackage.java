package dev.cairn.runtime.cloud;

import dev.cairn.datastore.BlobStore;
import dev.cairn.datastore.s3.S3ObjectStore;
import dev.cairn.runtime.task.SharedPackages;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A flow's code package: the project's built jar, shipped by the flow stack as an S3 asset and
 * named in the job definition ({@value #LOCATION_ENV}, {@value #SHA256_ENV}). The step runner
 * fetches it once per container, refuses it unless its SHA-256 matches, and loads the flow from
 * it: a new deploy never needs a new image, and old versions stay runnable.
 *
 * @param jar the verified jar on local disk
 */
public record CodePackage(Path jar, String sha256) {
    public static final String LOCATION_ENV = "CAIRN_CODE_PACKAGE";
    public static final String SHA256_ENV = "CAIRN_CODE_SHA256";

    /** The package named by the environment, fetched and verified; null when the environment names none. */
    public static CodePackage fromEnvironment(Map<String, String> env, Path cache) throws IOException {
        String location = env.get(LOCATION_ENV);
        if (location == null || location.isBlank()) {
            return null;
        }
        String expected = env.get(SHA256_ENV);
        if (expected == null || !expected.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(
                    SHA256_ENV + " must be the code package's sha256 (64 hex digits), got " + expected);
        }
        return fetch(location.trim(), expected, env, cache);
    }

    static CodePackage fetch(String location, String expected, Map<String, String> env, Path cache) throws IOException {
        Path jar = cache.resolve(expected + ".jar");
        if (Files.isRegularFile(jar)) {
            return new CodePackage(jar, expected); // verified when it was put there
        }
        byte[] bytes = read(location, env);
        String actual = BlobStore.sha256(bytes);
        if (!actual.equals(expected)) {
            throw new IOException("code package " + location + " has sha256 " + actual + ", not the deployed "
                    + expected + ": refusing to run it (was the asset replaced after the deploy?)");
        }
        Files.createDirectories(cache);
        Path temp = Files.createTempFile(cache, expected, ".part");
        Files.write(temp, bytes);
        try {
            Files.move(temp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        return new CodePackage(jar, expected);
    }

    private static byte[] read(String location, Map<String, String> env) throws IOException {
        if (location.startsWith("s3://")) {
            URI uri = URI.create(location);
            String path = uri.getPath();
            int slash = path.lastIndexOf('/');
            return S3ObjectStore.of(
                            URI.create("s3://" + uri.getAuthority() + path.substring(0, Math.max(slash, 0))), env)
                    .get(path.substring(slash + 1));
        }
        return Files.readAllBytes(
                Path.of(location.startsWith("file:") ? URI.create(location).getPath() : location));
    }

    /**
     * A class loader over the jar that looks in the jar before {@code parent} for every class outside
     * {@link SharedPackages}: whatever else the image's classpath holds (an older build of the same flow,
     * another version of a library) never replaces the package's own classes, so the code version
     * recorded is the code that runs.
     */
    public ClassLoader classLoader(ClassLoader parent) {
        try {
            return new PackageFirstClassLoader(
                    "cairn-code-" + sha256.substring(0, 12), jar.toUri().toURL(), parent);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class PackageFirstClassLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        PackageFirstClassLoader(String name, URL jar, ClassLoader parent) {
            super(name, new URL[] {jar}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (SharedPackages.contains(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notInJar) {
                        c = getParent().loadClass(name);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : super.getResource(name);
        }
    }
}
