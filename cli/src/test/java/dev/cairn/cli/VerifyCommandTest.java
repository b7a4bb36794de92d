package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Cairn;
import dev.cairn.client.Run;
import dev.cairn.client.RunStep;
import dev.cairn.client.Task;
import dev.cairn.datastore.s3.S3Proxy;
import dev.cairn.testing.CairnDatastore;
import dev.cairn.testing.CairnExtension;
import dev.cairn.testing.flows.CountryScoresFlow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code cairn verify} reads every record and blob of a flow's runs and names each damaged or missing blob with the
 * tasks that name it, on a local datastore and on S3 (s3proxy holding a copy of the local one).
 */
@ExtendWith(CairnExtension.class)
class VerifyCommandTest {
    private static final String FLOW = "CountryScoresFlow";

    /** Two runs of the same values: they share every blob. */
    private record TwoRuns(Run first, Run second, String flippedSha, String deletedSha) {}

    /**
     * Flips one byte in the blob of `scoreByCountry` (collect and end name it) and deletes the blob of `weights`
     * (start and the three train tasks name it), after two runs that both name them.
     */
    private static TwoRuns twoRunsWithAFlippedAndADeletedBlob(Cairn cairn, Path datastore) throws Exception {
        Run first = cairn.run(CountryScoresFlow.class, Map.of("countries", "3"));
        Run second = cairn.run(CountryScoresFlow.class, Map.of("countries", "3"));
        String flipped = first.step("end").task().artifactRef("scoreByCountry").sha();
        String deleted = first.step("start").task().artifactRef("weights").sha();
        Path blob = blob(datastore, flipped);
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(blob, bytes);
        Files.delete(blob(datastore, deleted));
        return new TwoRuns(first, second, flipped, deleted);
    }

    private static Path blob(Path datastore, String sha) {
        return datastore.resolve(
                "tests/" + CairnExtension.BRANCH + "/" + FLOW + "/data/" + sha.substring(0, 2) + "/" + sha);
    }

    @Test
    void aCleanFlowExits0AndSaysWhatItRead(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
        cairn.run(CountryScoresFlow.class, Map.of("countries", "3"));

        CliRun verify = CliRun.of(datastore, "verify", FLOW);

        assertEquals(0, verify.exitCode(), verify::toString);
        String summary = verify.out().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(summary.startsWith("Checked 1 runs, 6 tasks (6 records), "), summary);
        assertTrue(summary.endsWith(" bytes read: 0 damaged, 0 missing, 0 unreadable records."), summary);
        assertFalse(verify.out().contains("damaged blob"), verify.out());
    }

    @Test
    void aFlippedByteAndADeletedBlobAreNamedWithEveryTaskOfEveryRunThatNamesThemAndExit1(
            Cairn cairn, @CairnDatastore Path datastore) throws Exception {
        TwoRuns runs = twoRunsWithAFlippedAndADeletedBlob(cairn, datastore);

        CliRun verify = CliRun.of(datastore, "verify", FLOW);

        assertEquals(1, verify.exitCode(), verify::toString);
        assertNamesBoth(verify.out(), List.of(runs.first(), runs.second()), runs);
        assertTrue(verify.out().contains("Checked 2 runs, 12 tasks (12 records), "), verify.out());
        assertTrue(verify.out().contains(": 1 damaged, 1 missing, 0 unreadable records."), verify.out());
    }

    @Test
    void oneRunIsCheckedAloneAndEachBlobIsReadOnce(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
        TwoRuns runs = twoRunsWithAFlippedAndADeletedBlob(cairn, datastore);

        CliRun verify = CliRun.of(datastore, "verify", FLOW + "/" + runs.first().id());

        assertEquals(1, verify.exitCode(), verify::toString);
        assertNamesBoth(verify.out(), List.of(runs.first()), runs);
        assertFalse(verify.out().contains(runs.second().id()), "only the run asked for: " + verify.out());
        Set<String> blobs = new HashSet<>();
        for (RunStep step : runs.first().steps()) {
            for (Task task : step.tasks()) {
                task.record().artifacts().values().forEach(ref -> blobs.add(ref.sha()));
                Stream.of(
                                task.record().stdout(),
                                task.record().stderr(),
                                task.record().card())
                        .filter(Objects::nonNull)
                        .forEach(blobs::add);
            }
        }
        assertTrue(
                verify.out().contains("Checked 1 runs, 6 tasks (6 records), " + blobs.size() + " blobs, "),
                verify.out());
    }

    @Test
    void onS3TheSameDamageIsNamedTheSameWay(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
        TwoRuns runs = twoRunsWithAFlippedAndADeletedBlob(cairn, datastore);
        S3Proxy s3 = S3Proxy.shared();
        String bucket = s3.newBucket();
        try (Stream<Path> files = Files.walk(datastore)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key =
                        "team/cairn/" + datastore.relativize(file).toString().replace('\\', '/');
                if (!key.contains("/.staging/")) {
                    s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
                }
            }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = CairnCli.execute(
                s3.environment(),
                new PrintWriter(out),
                new PrintWriter(err),
                "verify",
                FLOW,
                "--datastore",
                "s3://" + bucket + "/team/cairn",
                "--branch",
                CairnExtension.BRANCH);

        assertEquals(1, code, out + "\n" + err);
        assertNamesBoth(out.toString(), List.of(runs.first(), runs.second()), runs);
        assertTrue(out.toString().contains("in s3://" + bucket + "/team/cairn/"), out.toString());
        assertTrue(out.toString().contains(": 1 damaged, 1 missing, 0 unreadable records."), out.toString());
    }

    /** The damaged and the missing blob, each with every record of {@code named} that names it. */
    private static void assertNamesBoth(String out, List<Run> named, TwoRuns runs) {
        assertTrue(out.contains("damaged blob " + runs.flippedSha() + ": "), out);
        assertTrue(out.contains("missing blob " + runs.deletedSha() + ": not in "), out);
        String runIds = String.join(", ", named.stream().map(Run::id).sorted().toList()); // in id order
        assertTrue(out.contains("  named by " + 2 * named.size() + " records in runs " + runIds + ":"), out);
        assertTrue(out.contains("  named by " + 4 * named.size() + " records in runs " + runIds + ":"), out);
        for (Run run : named) {
            String task = "    " + FLOW + "/" + run.id();
            assertTrue(out.contains(task + "/collect/0 (attempt 1): artifact `scoreByCountry`"), out);
            assertTrue(out.contains(task + "/end/0 (attempt 1): artifact `scoreByCountry`"), out);
            assertTrue(out.contains(task + "/start/0 (attempt 1): artifact `weights`"), out);
            assertTrue(out.contains(task + "/train/0-2 (attempt 1): artifact `weights`"), out);
        }
    }
}
