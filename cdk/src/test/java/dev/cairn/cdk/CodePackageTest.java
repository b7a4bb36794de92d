package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The example's code package, which every flow stack uploads and every Batch job downloads: the flows
 * and their own libraries, not Cairn and what Cairn brings (the step-runner image has those).
 */
class CodePackageTest {
    static final long MAX_BYTES = 20L << 20;

    @Test
    void holdsTheFlowsAndTheirLibrariesButNotCairnOrItsDrivers() throws IOException {
        Path target = Path.of("..", "examples", "target");
        List<Path> packages;
        try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            packages = files.filter(p -> p.getFileName().toString().endsWith("-code-package.jar"))
                    .toList();
        }
        assumeTrue(packages.size() == 1, "the examples module is packaged before cdk in a reactor build");
        Path jar = packages.get(0);
        assertTrue(
                Files.size(jar) < MAX_BYTES,
                jar + " is " + (Files.size(jar) >> 20) + " MB: a dependency Cairn brings is shaded in");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertTrue(zip.getEntry("dev/cairn/examples/countrymodels/CountryModels.class") != null, "the flow");
            assertTrue(zip.getEntry("org/tribuo/Model.class") != null, "the flow's own library");
            for (String provided : List.of(
                    "dev/cairn/runtime/task/TaskRunner.class",
                    "org/duckdb/DuckDBDriver.class",
                    "net/snowflake/client/jdbc/SnowflakeDriver.class",
                    "software/amazon/awssdk/services/s3/S3Client.class")) {
                assertTrue(zip.getEntry(provided) == null, provided + " is in the image, not the code package");
            }
        }
    }
}
