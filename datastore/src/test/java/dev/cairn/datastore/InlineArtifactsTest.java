package dev.cairn.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.codec.Codecs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small artifact travels inline in the record that names it, so a reader of many records (a join's inputs) makes
 * no request per value; its blob is written all the same, and an inline copy that does not match its address is
 * refused and reported, never read as the value.
 */
class InlineArtifactsTest {
    @TempDir
    Path root;

    private FlowDatastore datastore;
    private ArtifactStore artifacts;

    @BeforeEach
    void setUp() throws java.io.IOException {
        datastore = new FlowDatastore(new LocalObjectStore(root), "p", "user.me", "F");
        artifacts =
                new ArtifactStore(datastore.blobs(), Codecs.discover(getClass().getClassLoader()));
    }

    /** A fresh reader, as another task's process is: nothing decoded or cached yet. */
    private ArtifactStore freshReader() throws java.io.IOException {
        var fresh = new FlowDatastore(new LocalObjectStore(root), "p", "user.me", "F");
        return new ArtifactStore(fresh.blobs(), Codecs.discover(getClass().getClassLoader()));
    }

    private void deleteBlobs() throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> root.relativize(f).toString().contains("/data/"))
                    .toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void aSmallValueIsReadFromItsRecordWithoutItsBlob() throws Exception {
        ArtifactRef ref = artifacts.write("item", 41, int.class);
        assertNotNull(ref.inline());
        assertTrue(artifacts.blobs().exists(ref.sha()), "the blob is written too");
        datastore.writeTask(record(Map.of("item", ref)));

        deleteBlobs();
        ArtifactRef read = datastore
                .readTask("r1", "work", "0", 0)
                .orElseThrow()
                .artifacts()
                .get("item");

        assertEquals(ref, read);
        assertEquals(41, freshReader().read(read, int.class).value());
    }

    @Test
    void aValueOverTheLimitLivesInItsBlobOnly() throws Exception {
        String large = "x".repeat(ArtifactRef.INLINE_MAX_BYTES);
        ArtifactRef ref = artifacts.write("name", large, String.class);

        assertNull(ref.inline(), "its JSON, quotes included, is over the limit");
        assertEquals(large, freshReader().read(ref, String.class).value());
        deleteBlobs();
        assertThrows(MissingBlobException.class, () -> freshReader().read(ref, String.class));
    }

    @Test
    void aRecordWrittenBeforeInlineCopiesStillReadsItsBlob() throws Exception {
        ArtifactRef written = artifacts.write("item", 7, int.class);
        ArtifactRef old = new ArtifactRef(written.sha(), written.codec(), written.type(), written.size());

        assertEquals(7, freshReader().read(old, int.class).value());
    }

    @Test
    void anInlineCopyThatIsNotItsAddressesContentIsRefusedAndReportedByVerify() throws Exception {
        ArtifactRef ref = artifacts.write("item", 41, int.class);
        String forged = Base64.getEncoder().encodeToString("42".getBytes(StandardCharsets.UTF_8));
        ArtifactRef edited = new ArtifactRef(ref.sha(), ref.codec(), ref.type(), ref.size(), null, forged);
        datastore.writeRun(new RunRecord(
                "F",
                "p",
                "user.me",
                "r1",
                RunStatus.SUCCEEDED,
                Map.of(),
                "v1",
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                null,
                null,
                "me"));
        datastore.writeTask(record(Map.of("item", edited)));

        var refused =
                assertThrows(java.io.IOException.class, () -> freshReader().read(edited, int.class));
        assertTrue(refused.getMessage().contains("does not hash to that address"), refused.getMessage());

        VerifyReport report = FlowVerifier.verify(datastore, List.of("r1"), FlowVerifier.Progress.NONE);
        assertEquals(1, report.unreadableRecords().size(), report.toString());
        String named = report.unreadableRecords().getFirst();
        assertTrue(named.startsWith("r1/work/0/0, artifact `item`"), named);
    }

    private static TaskRecord record(Map<String, ArtifactRef> artifacts) {
        return new TaskRecord(
                "F",
                "r1",
                "work",
                "0",
                0,
                TaskStatus.SUCCEEDED,
                artifacts,
                null,
                List.of(),
                null,
                null,
                null,
                Instant.EPOCH,
                Instant.EPOCH,
                "v1",
                null);
    }
}
