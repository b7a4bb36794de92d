package dev.cairn.cdk;

import dev.cairn.flow.layout.DatastoreLayout;
import dev.cairn.flow.layout.PathName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exported model archive in the datastore bucket, named like the artifact it was exported from
 * ({@code ./cairn export-model FLOW/RUN/STEP/TASK ARTIFACT}). SageMaker's ModelDataUrl needs a plain
 * key, so the archive is not content-addressed:
 * {@code <prefix>-models/<project>/<branch>/<Flow>/<run>/<step>/<task>/<artifact>/model.tar.gz}.
 * Beside the datastore prefix rather than under it: {@link Datastore}'s lifecycle rule expires run data under
 * {@code <prefix>/}, and an endpoint whose archive is gone cannot start new instances. The runtime's
 * {@code dev.cairn.serving.ModelExport} writes exactly this key ({@code s3Key}); the two are kept in step.
 *
 * <pre>{@code
 * new ModelExport("demo", "prod", "CountryModels", "20261126-061530-4f2a9c", "bestPerCountry", "0-0", "best").key("cairn");
 * }</pre>
 */
public record ModelExport(
        String project, String branch, String flow, String run, String step, String task, String artifact) {
    /** What the datastore prefix is extended with to name the models prefix ({@link DatastoreLayout}). */
    public static final String MODELS_SUFFIX = DatastoreLayout.MODELS_SUFFIX;
    /** One path segment: no '/', not empty, not '.' or '..'. */
    private static final String ARTIFACT = "[A-Za-z0-9_][A-Za-z0-9._-]*";

    public ModelExport {
        Map<PathName, String> names = new LinkedHashMap<>();
        names.put(PathName.PROJECT, project);
        names.put(PathName.BRANCH, branch);
        names.put(PathName.FLOW, flow);
        names.put(PathName.RUN, run);
        names.put(PathName.STEP, step);
        names.put(PathName.TASK, task);
        names.forEach((kind, value) -> {
            String problem = kind.problem(value);
            if (problem != null) {
                throw new IllegalArgumentException("model export: " + problem);
            }
        });
        // an artifact is a Java field's name (it may start with '_'), the last folder before the archive
        if (artifact == null || !artifact.matches(ARTIFACT)) {
            throw new IllegalArgumentException("model export artifact must be letters, digits, '.', '_' or '-' "
                    + "(one path segment), got " + artifact);
        }
    }

    /**
     * Parses {@code FLOW/RUN/STEP/TASK} (the export-model command's first argument) with the artifact name.
     */
    public static ModelExport parse(String project, String branch, String path, String artifact) {
        List<String> parts = path == null ? List.of() : List.of(path.split("/", -1));
        if (parts.size() != 4) {
            throw new IllegalArgumentException("a model export is FLOW/RUN/STEP/TASK (as in ./cairn export-model "
                    + "CountryModels/<run>/bestPerCountry/0-0 best), got " + path);
        }
        return new ModelExport(project, branch, parts.get(0), parts.get(1), parts.get(2), parts.get(3), artifact);
    }

    /** The archive's key in the bucket of the datastore under {@code datastorePrefix} (for example {@code cairn}). */
    public String key(String datastorePrefix) {
        return modelsPrefix(datastorePrefix) + "/"
                + new DatastoreLayout(project, branch, flow).modelKey(run, step, task, artifact);
    }

    /** {@code <datastorePrefix>-models}: where the models of the datastore under {@code datastorePrefix} live. */
    public static String modelsPrefix(String datastorePrefix) {
        return DatastoreLayout.modelsRoot(datastorePrefix);
    }
}
