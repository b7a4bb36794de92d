package dev.cairn.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.TaskRecord;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.examples.countrymodels.TrainedModel;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.warehouse.UnloadResult;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/** How a cloud run's datastore compares with a local run of the same flow and parameters. */
final class RunParity {
    int tasks;
    int sameSha;
    int sameValueOtherModelBytes;
    java.util.Set<String> filesInS3 = new java.util.TreeSet<>(); // the pointer is inherited by later steps

    @Override
    public String toString() {
        return tasks + " tasks; artifacts with the same sha: " + sameSha + ", equal but for Tribuo model bytes: "
                + sameValueOtherModelBytes + ", files in S3: " + filesInS3.size();
    }

    /**
     * Same steps, tasks and artifact names; every artifact the same blob, or the same value but for trained model
     * bytes; files a task wrote are in the cloud datastore's bucket ({@code s3}, {@code bucket}, {@code prefix}).
     */
    static RunParity compare(
            FlowGraph graph,
            FlowDatastore local,
            String localRun,
            FlowDatastore cloud,
            String cloudRun,
            S3Client s3,
            String bucket,
            String prefix)
            throws Exception {
        RunParity parity = new RunParity();
        List<String> steps = local.steps(localRun).stream().sorted().toList();
        assertEquals(steps, cloud.steps(cloudRun).stream().sorted().toList(), "steps with task records");
        ClassLoader loader = graph.flowClass().getClassLoader();
        ArtifactStore localArtifacts = new ArtifactStore(local.blobs(), Codecs.discover(loader));
        ArtifactStore cloudArtifacts = new ArtifactStore(cloud.blobs(), Codecs.discover(loader));
        for (String step : steps) {
            List<String> tasks = local.taskIds(localRun, step);
            assertEquals(tasks, cloud.taskIds(cloudRun, step), "task ids of step " + step);
            for (String task : tasks) {
                parity.tasks++;
                TaskRecord l = local.latestTask(localRun, step, task).orElseThrow();
                TaskRecord c = cloud.latestTask(cloudRun, step, task).orElseThrow();
                String where = step + "/" + task;
                assertTrue(l.succeeded() && c.succeeded(), where + ": local " + l.status() + ", cloud " + c.status());
                assertEquals(l.attempt(), c.attempt(), where + ": attempts");
                assertEquals(
                        withoutFilePointers(l.artifacts().keySet()),
                        withoutFilePointers(c.artifacts().keySet()),
                        where + ": artifact names");
                assertEquals(l.foreachSize(), c.foreachSize(), where + ": foreach size");
                for (Map.Entry<String, ArtifactRef> e : l.artifacts().entrySet()) {
                    if (FILE_POINTERS.contains(e.getKey())) {
                        UnloadResult lf = (UnloadResult) localArtifacts
                                .read(e.getValue(), UnloadResult.class)
                                .value();
                        UnloadResult cf = (UnloadResult) cloudArtifacts
                                .read(c.artifacts().get(e.getKey()), UnloadResult.class)
                                .value();
                        assertFilesLikeLocal(where, lf, cf, s3, bucket, prefix);
                        parity.filesInS3.addAll(cf.files());
                        continue;
                    }
                    ArtifactRef lr = e.getValue();
                    ArtifactRef cr = c.artifacts().get(e.getKey());
                    if (lr.sha().equals(cr.sha())) {
                        parity.sameSha++;
                        continue;
                    }
                    Type type = fieldType(graph.flowClass(), e.getKey());
                    if (!type.getTypeName().contains(TrainedModel.class.getName())) {
                        fail(where + ": artifact " + e.getKey() + " (" + type.getTypeName() + ") differs: local "
                                + lr.sha() + ", cloud " + cr.sha());
                    }
                    Object lv = withoutModelBytes(localArtifacts.read(lr, type).value());
                    Object cv = withoutModelBytes(cloudArtifacts.read(cr, type).value());
                    assertEquals(lv, cv, where + ": artifact " + e.getKey() + " (but for the trained models' bytes)");
                    parity.sameValueOtherModelBytes++;
                }
            }
        }
        return parity;
    }

    // pointers to files a task wrote name its own datastore (a local folder here, s3:// in the cloud)
    private static final java.util.Set<String> FILE_POINTERS = java.util.Set.of("trainingSetFiles");

    /** The cloud task's files are in S3 under its files location, with the same names and row count as the local run's. */
    private static void assertFilesLikeLocal(
            String where, UnloadResult local, UnloadResult cloud, S3Client s3, String bucket, String prefix) {
        assertEquals(local.rows(), cloud.rows(), where + ": rows of the extract");
        assertTrue(
                cloud.location().startsWith("s3://" + bucket + "/" + prefix + "/")
                        && cloud.location().endsWith("/files/training-set"),
                where + ": " + cloud.location());
        assertEquals(
                local.files().stream()
                        .map(f -> f.substring(local.location().length()))
                        .toList(),
                cloud.files().stream()
                        .map(f -> f.substring(cloud.location().length()))
                        .toList(),
                where + ": file names");
        for (String file : cloud.files()) {
            String key = file.substring(("s3://" + bucket + "/").length());
            long size = s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
            assertTrue(size > 0, where + ": " + file + " is empty");
        }
    }

    private static java.util.Set<String> withoutFilePointers(java.util.Set<String> names) {
        java.util.Set<String> kept = new java.util.TreeSet<>(names);
        kept.removeAll(FILE_POINTERS);
        return kept;
    }

    private static Type fieldType(Class<?> flow, String name) {
        for (Class<?> c = flow; c != null && c != FlowSpec.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name).getGenericType();
            } catch (NoSuchFieldException e) {
                // superclass
            }
        }
        return Object.class;
    }

    /** Tribuo stamps the training time into a model's bytes: compare everything else. */
    private static Object withoutModelBytes(Object value) {
        if (value instanceof TrainedModel t) {
            return new TrainedModel(
                    t.country(), t.hyperParameters(), t.validationAccuracy(), t.validationAuc(), new byte[0]);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, withoutModelBytes(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(withoutModelBytes(v)));
            return copy;
        }
        return value;
    }
}
