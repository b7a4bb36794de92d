package dev.cairn.serving.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeConfigTest {
    @TempDir
    Path dir;

    private Path serveFile(String exports) throws Exception {
        Files.writeString(dir.resolve("v1.tar.gz"), "an archive");
        Path file = dir.resolve("serving.json");
        Files.writeString(file, """
                {"router": {"models": {"churn": {"endpoint": "churn", "variants": ["v1"], "default": "v1"}}},
                 "exports": {"churn": {"v1": "v1.tar.gz"}, %s}}""".formatted(exports));
        return file;
    }

    @Test
    void exportKeysThatArePathsAreRefusedNamingTheKey() throws Exception {
        Path file = serveFile("\"/tmp/cairn-serve-overwritten\": {\"v1\": \"v1.tar.gz\"}, "
                + "\"churn2\": {\"../../escaped\": \"v1.tar.gz\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServeConfig.read(file));
        assertEquals(
                List.of(
                        file + ": exports key '/tmp/cairn-serve-overwritten' cannot be an endpoint name: use 1..128"
                                + " letters, digits, '.', '_' or '-', starting with a letter or digit (it names a"
                                + " folder, so no path such as '/' or '..')",
                        "exports.churn2 key '../../escaped' cannot be a variant name: use 1..128 letters, digits,"
                                + " '.', '_' or '-', starting with a letter or digit (it names a folder, so no path"
                                + " such as '/' or '..')"),
                e.getMessage().lines().toList());
    }

    @Test
    void aModelNamedAsAPathIsRefusedToo() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ServeConfig.ofModels(List.of("..=" + dir.resolve("v1.tar.gz"))));
        assertEquals(
                "exports key '..' cannot be an endpoint name: use 1..128 letters, digits, '.', '_' or '-', starting"
                        + " with a letter or digit (it names a folder, so no path such as '/' or '..')",
                e.getMessage().lines().findFirst().orElseThrow());
    }

    @Test
    void aFileThatIsNotJsonIsNamedWithoutParserInternals() throws Exception {
        Path file = Files.writeString(dir.resolve("serving.json"), "{\"router\": {,}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServeConfig.read(file));
        assertEquals(
                file + " is not JSON: Unexpected character (',' (code 44)): was expecting double-quote to start field"
                        + " name (line 1, column 13)",
                e.getMessage());
    }
}
