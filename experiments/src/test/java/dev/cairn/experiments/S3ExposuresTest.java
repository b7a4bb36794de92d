package dev.cairn.experiments;

import static dev.cairn.experiments.ExperimentData.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.s3.S3Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** Exposures read from an s3:// prefix laid out as Firehose writes them, served by s3proxy in this JVM. */
class S3ExposuresTest {
    private static final S3Proxy s3 = S3Proxy.shared();
    private static String bucket;

    @BeforeAll
    static void firehoseOutputInABucket() throws Exception {
        bucket = s3.newBucket();
        put(
                "exposures/experiment=churn-ab/date=2026-11-26/cairn-exposures-1-2026-11-26-09-00-00-abc",
                event("churn-ab", "u-1", "v1", 0, "a") + "\n" + event("churn-ab", "u-2", "v2", 1, "a") + "\n");
        put(
                "exposures/experiment=churn-ab/date=2026-11-27/cairn-exposures-1-2026-11-27-09-00-00-def",
                event("churn-ab", "u-3", "v2", 2, "a") + "\n{broken\n");
        put(
                "exposures/experiment=price-test/date=2026-11-26/cairn-exposures-1-2026-11-26-09-00-00-ghi",
                event("price-test", "u-4", "v1", 0, "a") + "\n");
    }

    private static void put(String key, String content) {
        s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    private static Map<String, String> env() {
        return s3.environment();
    }

    @Test
    void aPrefixIsReadRecursivelyOnlyInTheExperimentsPartition() throws Exception {
        List<InputFiles.InputFile> files = InputFiles.of("s3://" + bucket + "/exposures", "experiment=churn-ab", env());
        assertEquals(2, files.size());
        Exposures exposures = ExposureReader.read(files, "churn-ab");
        assertEquals(Map.of("u-1", "v1", "u-2", "v2", "u-3", "v2"), exposures.variantOfUnit());
        assertEquals(0, exposures.otherExperimentEvents());
        assertEquals(
                List.of("s3://" + bucket
                        + "/exposures/experiment=churn-ab/date=2026-11-27/cairn-exposures-1-2026-11-27-09-00-00-def:2:"
                        + " not JSON"),
                exposures.malformed().examples().stream()
                        .map(e -> e.substring(0, e.indexOf(" (")))
                        .toList());
    }

    @Test
    void aSingleObjectCanBeNamed() throws Exception {
        String key = "exposures/experiment=churn-ab/date=2026-11-26/cairn-exposures-1-2026-11-26-09-00-00-abc";
        Exposures exposures = ExposureReader.read(
                InputFiles.of("s3://" + bucket + "/" + key, "experiment=churn-ab", env()), "churn-ab");
        assertEquals(Map.of("u-1", "v1", "u-2", "v2"), exposures.variantOfUnit());
    }

    @Test
    void anEmptyPrefixIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> InputFiles.of("s3://" + bucket + "/nothing-here", null, env()));
        assertTrue(e.getMessage().startsWith("s3://" + bucket + "/nothing-here holds no files"), e.getMessage());
    }
}
