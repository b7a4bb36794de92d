package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Cairn;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.ObjectStore;
import dev.cairn.datastore.s3.S3ObjectStore;
import dev.cairn.datastore.s3.S3Proxy;
import dev.cairn.testing.CairnDatastore;
import dev.cairn.testing.CairnExtension;
import dev.cairn.testing.flows.CountryScoresFlow;
import dev.cairn.testing.flows.FailingFlow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code --datastore}: a folder reads as before, {@code s3://bucket/prefix} reads the same runs from S3. The S3 side
 * is s3proxy in this JVM holding a copy of a local datastore, so the S3 output can be compared with the local one.
 */
@ExtendWith(CairnExtension.class)
class DatastoreOptionsTest {
    private static final String BUCKET = "cairn-cli-reads";
    private static final String PREFIX = "team/cairn";

    static Path root;

    static final S3Proxy s3 = S3Proxy.shared();

    @BeforeAll
    static void aLocalDatastoreCopiedToS3(Cairn cairn, @CairnDatastore Path datastore) throws Exception {
        root = datastore;
        cairn.run(CountryScoresFlow.class, Map.of("countries", "3"));
        cairn.run(FailingFlow.class, Map.of());

        try (Stream<Path> files = Files.walk(root)) {
            s3.client().createBucket(b -> b.bucket(BUCKET));
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = PREFIX + "/" + root.relativize(file).toString().replace('\\', '/');
                if (!key.contains("/.staging/")) {
                    s3.client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromFile(file));
                }
            }
        }
    }

    private static Map<String, String> s3Env() {
        return s3.environment();
    }

    /** {@code cairn COMMAND --datastore DATASTORE --branch test.junit ARGS} with {@code env} as the environment. */
    private static CliRun cairn(Map<String, String> env, String datastore, String command, String... args) {
        CommandLine cli = CairnCli.commandLine();
        ((DatastoreOptions) cli.getSubcommands()
                        .get(command)
                        .getCommandSpec()
                        .mixins()
                        .get("store")
                        .userObject())
                .env = env;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new java.util.ArrayList<>(
                List.of(command, "--datastore", datastore, "--branch", CairnExtension.BRANCH));
        all.addAll(List.of(args));
        return new CliRun(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    private static DatastoreOptions options(String datastore, Map<String, String> env) {
        DatastoreOptions options = new DatastoreOptions();
        options.datastore = datastore;
        options.env = env;
        return options;
    }

    @Test
    void aFolderIsALocalStoreAndS3UriIsAnS3StoreAtItsPrefix() {
        ObjectStore local = options(root.toString(), Map.of()).objectStore();
        assertInstanceOf(LocalObjectStore.class, local);
        assertEquals(root.toAbsolutePath().toString(), local.location());

        DatastoreOptions s3 = options("s3://" + BUCKET + "/" + PREFIX, s3Env());
        assertTrue(s3.isS3());
        ObjectStore store = s3.objectStore();
        assertInstanceOf(S3ObjectStore.class, store);
        assertEquals("s3://" + BUCKET + "/" + PREFIX, store.location());
    }

    @Test
    void theEnvironmentsDatastoreIsUsedWithoutTheOption() {
        DatastoreOptions fromEnv = options(null, Map.of("CAIRN_DATASTORE", "s3://" + BUCKET + "/" + PREFIX));
        assertTrue(fromEnv.isS3());
        DatastoreOptions folder = options(null, Map.of("CAIRN_DATASTORE", root.toString()));
        assertEquals(root.toAbsolutePath(), folder.datastore());
    }

    @Test
    void localRunsNeedAFolderAndAnS3UriNeedsABucket() {
        UserError run = assertThrows(
                UserError.class, () -> options("s3://b/p", Map.of()).datastore());
        assertTrue(run.getMessage().contains("local datastore folder"), run.getMessage());
        assertThrows(UserError.class, () -> options("s3:///p", Map.of()).objectStore());

        CliRun result = cairn(s3Env(), "s3://" + BUCKET + "/" + PREFIX, "run", "CrashFlow");
        assertEquals(2, result.exitCode(), result::toString);
    }

    @Test
    void runsReadFromS3AsFromTheLocalFolder() {
        CliRun local = cairn(Map.of(), root.toString(), "runs", "CountryScoresFlow");
        CliRun s3 = cairn(s3Env(), "s3://" + BUCKET + "/" + PREFIX, "runs", "CountryScoresFlow");

        assertEquals(0, s3.exitCode(), s3::toString);
        assertTrue(s3.out().startsWith("All runs of CountryScoresFlow (project tests, branch test.junit)"), s3.out());
        assertEquals(local.out(), s3.out());

        CliRun flows = cairn(s3Env(), "s3://" + BUCKET + "/" + PREFIX, "runs");
        assertTrue(flows.out().contains("in s3://" + BUCKET + "/" + PREFIX + ":"), flows.out());
        assertTrue(
                flows.out().lines().anyMatch(l -> l.matches("  CountryScoresFlow +tests +1 .*SUCCEEDED.*")),
                flows.out());
    }

    @Test
    void showAndLogsReadFromS3AsFromTheLocalFolder() {
        for (String[] command : List.of(
                new String[] {"show", "CountryScoresFlow/latest"},
                new String[] {"show", "CountryScoresFlow/latest/train"},
                new String[] {"show", "FailingFlow/latest"},
                new String[] {"logs", "FailingFlow/latest/boom/0"})) {
            CliRun local = cairn(Map.of(), root.toString(), command[0], command[1]);
            CliRun s3 = cairn(s3Env(), "s3://" + BUCKET + "/" + PREFIX, command[0], command[1]);
            assertEquals(local.exitCode(), s3.exitCode(), s3::toString);
            assertEquals(local.out(), s3.out());
        }
        CliRun s3 = cairn(s3Env(), "s3://" + BUCKET + "/" + PREFIX, "show", "CountryScoresFlow/latest");
        assertEquals(0, s3.exitCode(), s3::toString);
        assertTrue(s3.out().contains("  parameters  countries=3\n"), s3.out());
        assertTrue(cairn(s3Env(), "s3://" + BUCKET + "/" + PREFIX, "logs", "FailingFlow/latest/boom/0")
                .out()
                .contains("about to fail"));
    }

    @Test
    void aMissingFlowInS3IsNamedWithTheBucket() {
        CliRun s3 = cairn(s3Env(), "s3://" + BUCKET + "/" + PREFIX, "runs", "Nope");
        assertEquals(2, s3.exitCode(), s3::toString);
        assertTrue(s3.err().contains("s3://" + BUCKET + "/" + PREFIX), s3.err());
    }
}
