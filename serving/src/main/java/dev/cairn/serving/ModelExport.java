package dev.cairn.serving;

import dev.cairn.client.Task;
import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.ObjectStore;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.flow.layout.DatastoreLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Packs an artifact of a task as a model archive and stores it beside the datastore, in its models store
 * ({@code s3://bucket/cairn} has {@code s3://bucket/cairn-models}; see {@link #modelStore}), at
 * {@code <project>/<branch>/<Flow>/<run>/<step>/<task>/<artifact>/model.tar.gz}: a plain key, not a content address,
 * because SageMaker's {@code ModelDataUrl} names one object. Not under the datastore's own prefix: the platform's
 * lifecycle rule expires run data there, and an endpoint whose archive expired cannot start new instances. It goes
 * through the datastore's {@link ObjectStore}, so the same code exports to a local folder and to S3.
 *
 * <pre>{@code
 * CairnClient cairn = CairnClient.local(Path.of(".cairn"), "user.alice");
 * Task task = cairn.flow("CountryModels").run("latest").step("bestPerCountry").task("0-0");
 * ExportedModel exported = new ModelExport(new LocalObjectStore(Path.of(".cairn")), getClass().getClassLoader())
 *         .export(task, "best");
 * System.out.println(exported.location());
 * }</pre>
 */
public final class ModelExport {
    /** The archive's file name, in the datastore and in a model folder. */
    public static final String ARCHIVE_NAME = DatastoreLayout.MODEL_ARCHIVE;
    /** The models store's root is the datastore's root with this suffix. */
    public static final String MODELS_SUFFIX = DatastoreLayout.MODELS_SUFFIX;

    private final ObjectStore store;
    private final ClassLoader loader;
    private final Clock clock;

    /**
     * @param store  the datastore the task was read from; the archive goes to its {@link #modelStore}
     * @param loader where the artifact's type and codecs are found (the flow's classes)
     */
    public ModelExport(ObjectStore store, ClassLoader loader) {
        this(store, loader, Clock.systemUTC());
    }

    ModelExport(ObjectStore store, ClassLoader loader, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.clock = clock;
    }

    /** Exports artifact {@code artifact} of {@code task} into the datastore's models store. */
    public ExportedModel export(Task task, String artifact) throws IOException {
        return export(task, artifact, null);
    }

    /**
     * Exports artifact {@code artifact} of {@code task} into the datastore's models store and, when {@code localCopy} is not null,
     * also to that file. The artifact's type must implement {@code Predictor} or {@code Predictor.Source}, and its
     * value must decode and give a predictor here, so an archive that cannot serve is never written.
     *
     * @throws dev.cairn.client.NotFoundException listing the task's artifacts when it has no such artifact
     * @throws IllegalArgumentException           naming the artifact and its type when that cannot be served
     */
    public ExportedModel export(Task task, String artifact, Path localCopy) throws IOException {
        ArtifactRef ref = task.artifactRef(artifact);
        String what = "artifact `" + artifact + "` of task " + task.pathspec();
        Class<?> type = ServableType.require(ref.type(), loader, what);
        byte[] bytes = task.artifactBytes(artifact);
        checkLoads(bytes, ref, type, what, task.record().codeVersion());
        ModelManifest manifest = new ModelManifest(
                ModelManifest.FORMAT,
                task.project(),
                task.flow(),
                task.branch(),
                task.runId(),
                task.step(),
                task.id(),
                artifact,
                ref.type(),
                ref.codec(),
                ref.sha(),
                task.record().codeVersion(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        String key = key(manifest);
        ObjectStore models = modelStore(store);
        Path temp = Files.createTempFile("cairn-model-", ".tar.gz");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                ModelArchive.write(manifest, bytes, out);
            }
            models.putFile(key, temp);
            if (localCopy != null) {
                Path parent = localCopy.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.copy(temp, localCopy, StandardCopyOption.REPLACE_EXISTING);
            }
            return new ExportedModel(models.location() + "/" + key, key, manifest, Files.size(temp));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void checkLoads(byte[] bytes, ArtifactRef ref, Class<?> type, String what, String codeVersion) {
        try {
            ServableType.predictor(Codecs.discover(loader).byId(ref.codec()).decode(bytes, type), what);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    what + " does not load as a " + type.getName() + " here (" + e.getMessage()
                            + "); are these the flow's classes of code version " + codeVersion + "?",
                    e);
        }
    }

    /** Where a datastore's models go: the store beside it whose root name ends in {@value #MODELS_SUFFIX}. */
    public static ObjectStore modelStore(ObjectStore datastore) throws IOException {
        return datastore.beside(MODELS_SUFFIX);
    }

    /** The key of a model's archive in the {@link #modelStore}: {@code <project>/<branch>/<Flow>/<run>/<step>/<task>/<artifact>/model.tar.gz}. */
    public static String key(ModelManifest manifest) {
        return new DatastoreLayout(manifest.project(), manifest.branch(), manifest.flow())
                .modelKey(manifest.run(), manifest.step(), manifest.task(), manifest.artifact());
    }

    /**
     * The archive's object key in the bucket of a datastore at {@code s3://bucket/<datastorePrefix>}:
     * {@code <datastorePrefix>-models/<key>}, the key of the SageMaker model's {@code ModelDataUrl} (cdk's
     * {@code ModelExport.key} computes the same).
     */
    public static String s3Key(String datastorePrefix, ModelManifest manifest) {
        return DatastoreLayout.modelsRoot(datastorePrefix) + "/" + key(manifest);
    }
}
