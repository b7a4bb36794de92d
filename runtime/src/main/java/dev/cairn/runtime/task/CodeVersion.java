package dev.cairn.runtime.task;

import dev.cairn.datastore.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A flow's code version: the SHA-256 of the build it was loaded from (its jar, or every class
 * file of its classes folder), shortened to 16 hex digits. Two runs with the same version ran
 * the same code.
 */
public final class CodeVersion {
    private static final Map<Path, String> CACHE = new ConcurrentHashMap<>();

    private CodeVersion() {}

    public static String of(Class<?> flowClass) {
        CodeSource source = flowClass.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "unknown";
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            return CACHE.computeIfAbsent(path, CodeVersion::hash);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return "unknown";
        }
    }

    private static String hash(Path path) {
        try {
            if (Files.isRegularFile(path)) {
                return BlobStore.sha256(Files.readAllBytes(path)).substring(0, 16);
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Path> files;
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                digest.update(path.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the flow's code at " + path, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
