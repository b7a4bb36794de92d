package dev.cairn.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.datastore.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArchiveTest {
    static final byte[] ARTIFACT = "{\"weights\": [1, 2]}".getBytes(StandardCharsets.UTF_8);
    static final ModelManifest MANIFEST = new ModelManifest(
            1,
            "demo",
            "Scorer",
            "test.serving",
            "20261126-061530-4f2a9c",
            "start",
            "0",
            "model",
            LinearScorer.class.getName(),
            "json",
            BlobStore.sha256(ARTIFACT),
            "abc123",
            Instant.parse("2026-11-26T09:00:00Z"));

    @TempDir
    Path dir;

    /** A tar.gz of the given entries: name, content (null: a folder), link target (non-null: a symbolic link). */
    private record Entry(String name, byte[] content, String linkTo) {
        static Entry file(String name, byte[] content) {
            return new Entry(name, content, null);
        }
    }

    private static byte[] tarGz(Entry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Entry e : entries) {
                TarArchiveEntry entry = e.linkTo != null
                        ? new TarArchiveEntry(e.name, TarArchiveEntry.LF_SYMLINK)
                        : new TarArchiveEntry(e.name);
                if (e.linkTo != null) {
                    entry.setLinkName(e.linkTo);
                } else if (e.content != null) {
                    entry.setSize(e.content.length);
                }
                tar.putArchiveEntry(entry);
                if (e.content != null && e.linkTo == null) {
                    tar.write(e.content);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static IOException readFails(byte[] archive) {
        return assertThrows(
                IOException.class, () -> ModelArchive.read(new ByteArrayInputStream(archive), "upload.tar.gz"));
    }

    @Test
    void archiveReadsBackItsManifestAndArtifact() throws IOException {
        Path file = dir.resolve("model.tar.gz");
        try (OutputStream out = Files.newOutputStream(file)) {
            ModelArchive.write(MANIFEST, ARTIFACT, out);
        }

        ModelArchive.Contents contents = ModelArchive.read(file);

        assertEquals(MANIFEST, contents.manifest());
        assertArrayEquals(ARTIFACT, contents.artifact());
    }

    @Test
    void extractWritesExactlyTheTwoFiles() throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        ModelArchive.write(MANIFEST, ARTIFACT, archive);
        Path model = dir.resolve("opt/ml/model");

        ModelManifest manifest =
                ModelArchive.extract(new ByteArrayInputStream(archive.toByteArray()), "model.tar.gz", model);

        assertEquals(MANIFEST, manifest);
        assertArrayEquals(ARTIFACT, Files.readAllBytes(model.resolve("artifact")));
        try (Stream<Path> files = Files.list(model)) {
            assertEquals(
                    List.of("artifact", "manifest.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void manifestIsTheContractsJson() throws IOException {
        String json = new String(MANIFEST.toJson(), StandardCharsets.UTF_8);

        for (String field : List.of(
                "\"format\" : 1",
                "\"project\" : \"demo\"",
                "\"valueType\" : \"dev.cairn.serving.LinearScorer\"",
                "\"codec\" : \"json\"",
                "\"sha256\" : \"" + MANIFEST.sha256() + "\"",
                "\"exportedAt\" : \"2026-11-26T09:00:00Z\"")) {
            assertTrue(json.contains(field), field + " in " + json);
        }
        assertFalse(json.contains("model\" :"), "no derived fields: " + json);
    }

    @Test
    void entriesMadeByTarFromTheFolderAreAccepted() throws IOException {
        byte[] archive = tarGz(
                new Entry("./", null, null),
                Entry.file("./manifest.json", MANIFEST.toJson()),
                Entry.file("./artifact", ARTIFACT));

        assertArrayEquals(
                ARTIFACT,
                ModelArchive.read(new ByteArrayInputStream(archive), "repacked.tar.gz")
                        .artifact());
    }

    @Test
    void pathTraversalEntryIsRefusedAndNothingIsWrittenOutside() throws IOException {
        byte[] archive = tarGz(
                Entry.file("manifest.json", MANIFEST.toJson()),
                Entry.file("../../evil.sh", "rm -rf /".getBytes(StandardCharsets.UTF_8)),
                Entry.file("artifact", ARTIFACT));
        Path model = dir.resolve("model");

        IOException e = assertThrows(
                IOException.class, () -> ModelArchive.extract(new ByteArrayInputStream(archive), "evil.tar.gz", model));

        assertEquals(
                "evil.tar.gz has an entry `../../evil.sh`, a path outside the model folder: a model archive holds only"
                        + " manifest.json and artifact",
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("evil.sh")));
        assertFalse(Files.exists(dir.getParent().resolve("evil.sh")));
    }

    @Test
    void unknownEntryIsRefusedByName() throws IOException {
        IOException e = readFails(tarGz(
                Entry.file("manifest.json", MANIFEST.toJson()),
                Entry.file("artifact", ARTIFACT),
                Entry.file("notes.txt", new byte[1])));

        assertEquals(
                "upload.tar.gz has an entry `notes.txt`: a model archive holds only manifest.json and artifact",
                e.getMessage());
    }

    @Test
    void symbolicLinkIsRefused() throws IOException {
        IOException e = readFails(
                tarGz(Entry.file("manifest.json", MANIFEST.toJson()), new Entry("artifact", null, "/etc/passwd")));

        assertTrue(e.getMessage().startsWith("upload.tar.gz has `artifact` as a link or special file"), e.getMessage());
    }

    @Test
    void duplicateEntryIsRefused() throws IOException {
        IOException e = readFails(tarGz(
                Entry.file("manifest.json", MANIFEST.toJson()),
                Entry.file("artifact", ARTIFACT),
                Entry.file("artifact", new byte[] {1})));

        assertTrue(e.getMessage().contains("holds `artifact` twice"), e.getMessage());
    }

    @Test
    void missingArtifactIsNamed() throws IOException {
        IOException e = readFails(tarGz(Entry.file("manifest.json", MANIFEST.toJson())));

        assertEquals("upload.tar.gz lacks artifact: export the model with cairn export-model", e.getMessage());
    }

    @Test
    void oversizeManifestIsRefusedBeforeItIsRead() throws IOException {
        IOException e = readFails(tarGz(
                Entry.file("manifest.json", new byte[(int) ModelArchive.MAX_MANIFEST_BYTES + 1]),
                Entry.file("artifact", ARTIFACT)));

        assertEquals(
                "upload.tar.gz: `manifest.json` is " + (ModelArchive.MAX_MANIFEST_BYTES + 1) + " bytes; at most "
                        + ModelArchive.MAX_MANIFEST_BYTES + " are allowed",
                e.getMessage());
    }

    @Test
    void manifestOfAnotherFormatIsRefused() throws IOException {
        byte[] manifest = new String(MANIFEST.toJson(), StandardCharsets.UTF_8)
                .replace("\"format\" : 1", "\"format\" : 2")
                .getBytes(StandardCharsets.UTF_8);

        IOException e = readFails(tarGz(Entry.file("manifest.json", manifest), Entry.file("artifact", ARTIFACT)));

        assertTrue(
                e.getMessage().startsWith("upload.tar.gz!manifest.json has format 2; this server reads format 1"),
                e.getMessage());
    }

    @Test
    void fileThatIsNotGzipIsNamed() throws IOException {
        Path file = Files.write(dir.resolve("model.zip"), "PK not a tar".getBytes(StandardCharsets.UTF_8));

        IOException e = assertThrows(IOException.class, () -> ModelArchive.read(file));

        assertTrue(e.getMessage().startsWith(file + " is not a gzip file"), e.getMessage());
    }

    @Test
    void anArchiveExpandingPastTheBoundIsRefusedBeforeItsContentIsRead() throws IOException {
        byte[] bomb = tarGz(Entry.file("manifest.json", MANIFEST.toJson()), Entry.file("artifact", new byte[64 << 20]));
        long[] compressedBytesRead = {0};
        InputStream counted = new FilterInputStream(new ByteArrayInputStream(bomb)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                compressedBytesRead[0] += Math.max(n, 0);
                return n;
            }
        };
        Path model = dir.resolve("model");

        IOException e =
                assertThrows(IOException.class, () -> ModelArchive.extract(counted, "bomb.tar.gz", model, 1 << 20));

        assertEquals(
                "bomb.tar.gz expands to over 1048576 bytes (`artifact` alone is 67108864): refused before extracting;"
                        + " raise the limit if the model is this large",
                e.getMessage());
        assertTrue(
                compressedBytesRead[0] < bomb.length / 2,
                "read " + compressedBytesRead[0] + " of the archive's " + bomb.length + " bytes");
        try (Stream<Path> left = Files.list(model)) {
            assertEquals(
                    List.of(model.resolve("manifest.json")),
                    left.toList(),
                    "the artifact was never written, even in part");
        }
    }

    @Test
    void aTruncatedArchiveNamesTheFileAndTheEntryItEndsIn() throws IOException {
        byte[] artifact = new byte[256 << 10];
        new java.util.Random(7).nextBytes(artifact); // incompressible, so the cut lands inside the artifact
        byte[] whole = tarGz(Entry.file("manifest.json", MANIFEST.toJson()), Entry.file("artifact", artifact));
        Path file = Files.write(dir.resolve("cut.tar.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));

        IOException e = assertThrows(IOException.class, () -> ModelArchive.extract(file, dir.resolve("model")));

        assertTrue(
                e.getMessage().startsWith(file + " is truncated: it ends inside `artifact` (262144 bytes declared)"),
                e.getMessage());
    }
}
