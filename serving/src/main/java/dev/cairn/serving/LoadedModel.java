package dev.cairn.serving;

import dev.cairn.datastore.BlobStore;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.flow.serving.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A model ready to answer: the manifest and the predictor decoded from its artifact.
 *
 * <pre>{@code
 * LoadedModel model = LoadedModel.load(Path.of("/opt/ml/model"), ModelServer.class.getClassLoader());
 * List<Object> answers = model.predictor().predict(rows);
 * }</pre>
 */
public record LoadedModel(ModelManifest manifest, Predictor predictor) {

    /**
     * Loads the model in {@code modelDir}: {@value ModelArchive#MANIFEST} and {@value ModelArchive#ARTIFACT}, as
     * SageMaker extracts them, or else a {@code model.tar.gz} there. The manifest's value type is checked to implement
     * {@code Predictor} or {@code Predictor.Source} before the artifact is decoded with the manifest's codec.
     *
     * @param loader where the value type and codecs are found
     * @throws IOException              naming the file when the model is missing, damaged, or does not load
     * @throws IllegalArgumentException when its value type implements neither interface, or is not on the classpath
     */
    public static LoadedModel load(Path modelDir, ClassLoader loader) throws IOException {
        Path manifestFile = modelDir.resolve(ModelArchive.MANIFEST);
        Path archive = modelDir.resolve(ModelExport.ARCHIVE_NAME);
        if (!Files.exists(manifestFile) && Files.isRegularFile(archive)) {
            ModelArchive.Contents contents = ModelArchive.read(archive);
            return decode(contents.manifest(), contents.artifact(), archive.toString(), loader);
        }
        ModelManifest manifest;
        try {
            manifest = ModelManifest.fromJson(Files.readAllBytes(manifestFile), manifestFile.toString());
        } catch (NoSuchFileException e) {
            throw new IOException(
                    "no model in " + modelDir + ": it has no " + ModelArchive.MANIFEST
                            + " (extract a model.tar.gz from cairn export-model there)",
                    e);
        }
        Path artifactFile = modelDir.resolve(ModelArchive.ARTIFACT);
        ServableType.require(manifest.valueType(), loader, what(manifest, manifestFile.toString()));
        if (!Files.isRegularFile(artifactFile)) {
            throw new IOException("no model artifact in " + modelDir + ": " + ModelArchive.MANIFEST + " is there but "
                    + ModelArchive.ARTIFACT + " is not");
        }
        if (Files.size(artifactFile) > ModelArchive.MAX_ARTIFACT_BYTES) {
            throw new IOException(artifactFile + " is " + Files.size(artifactFile) + " bytes; at most "
                    + ModelArchive.MAX_ARTIFACT_BYTES + " are allowed");
        }
        return decode(manifest, Files.readAllBytes(artifactFile), artifactFile.toString(), loader);
    }

    private static LoadedModel decode(ModelManifest manifest, byte[] artifact, String source, ClassLoader loader)
            throws IOException {
        String what = what(manifest, source);
        Class<?> type = ServableType.require(manifest.valueType(), loader, what);
        String sha = BlobStore.sha256(artifact);
        if (!sha.equals(manifest.sha256())) {
            throw new IOException(
                    source + " is damaged: its SHA-256 is " + sha + ", the manifest says " + manifest.sha256());
        }
        Object value;
        try {
            value = Codecs.discover(loader).byId(manifest.codec()).decode(artifact, type);
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    "cannot decode " + what + " with codec " + manifest.codec() + ": " + e.getMessage(), e);
        }
        try {
            return new LoadedModel(manifest, ServableType.predictor(value, what));
        } catch (RuntimeException e) {
            throw new IOException("cannot load " + what + ": " + e.getMessage(), e);
        }
    }

    private static String what(ModelManifest manifest, String source) {
        return "the model " + manifest.model() + " (" + source + ")";
    }
}
