package dev.cairn.flow.layout;

/**
 * The keys of one flow's data in a datastore: the one layout every module writes and reads by (the local
 * and S3 stores, the state-machine compiler, the CDK stacks' IAM scopes, model export), identical on disk
 * and on S3. Keys are relative to the datastore's root; {@link #under} puts them below a bucket prefix.
 *
 * <pre>
 * &lt;project&gt;/&lt;branch&gt;/&lt;Flow&gt;/data/&lt;sha256[0:2]&gt;/&lt;sha256&gt;                    content-addressed blobs (the datastore's BlobStore)
 * &lt;project&gt;/&lt;branch&gt;/&lt;Flow&gt;/runs/&lt;run&gt;/run.json                           the run's record
 * &lt;project&gt;/&lt;branch&gt;/&lt;Flow&gt;/runs/&lt;run&gt;/&lt;step&gt;/&lt;task&gt;/&lt;attempt&gt;.json   task records: the commit points
 * &lt;project&gt;/&lt;branch&gt;/&lt;Flow&gt;/runs/&lt;run&gt;/&lt;step&gt;/&lt;task&gt;/files/...        files a task wrote
 * &lt;project&gt;/&lt;branch&gt;/&lt;Flow&gt;/runs/&lt;run&gt;/_plans/&lt;step&gt;.json                a step's task ids (cloud runs)
 * &lt;project&gt;/&lt;branch&gt;/&lt;Flow&gt;/runs/&lt;run&gt;/_plans/&lt;step&gt;.summary.json        their count and Batch array chunks
 * &lt;project&gt;/&lt;branch&gt;/&lt;Flow&gt;/runs/&lt;run&gt;/_resumed/&lt;later run&gt;              empty: a later run resumed this one
 * &lt;project&gt;/&lt;branch&gt;/&lt;Flow&gt;/runs/&lt;run&gt;/_output/stdout.log, stderr.log     what a local run's shared threads printed
 * &lt;project&gt;/_serving/&lt;deployment&gt;/exposures/, capture/                  a serving deployment's data ({@link #servingPrefix})
 * _shared/...                                                         inputs every flow reads ({@link #SHARED})
 * _cards/&lt;Flow&gt;-&lt;run&gt;.html                                             rendered cards of a local datastore ({@link #CARDS})
 * </pre>
 * Exported models live beside the datastore ({@code <prefix>-models/}), at {@link #modelKey}. The reserved folders
 * ({@link #SHARED}, {@link #SERVING}, {@link #PLANS}, ...) start with '_', which no project, branch or flow name
 * ({@link PathName}) may: no flow can write where shared inputs or a deployment's exposures live.
 *
 * <pre>{@code
 * DatastoreLayout layout = new DatastoreLayout("demo", "prod", "CountryModels");
 * layout.taskKey("20261126-061504-5edc61", "train", "0-1-3", 0); // demo/prod/CountryModels/runs/.../0.json
 * DatastoreLayout.under("cairn", layout.flowPrefix());           // cairn/demo/prod/CountryModels
 * }</pre>
 */
public record DatastoreLayout(String project, String branch, String flow) {
    /** What a datastore's prefix is extended with to name the place its exported models live. */
    public static final String MODELS_SUFFIX = "-models";
    /** The folder of a run's step plans. */
    public static final String PLANS = "_plans";
    /** The folder of a run's marks naming the runs that resumed it. */
    public static final String RESUMED = "_resumed";
    /** The folder of a run's shared log: output no one task could be credited with. */
    public static final String OUTPUT = "_output";
    /**
     * The folder of what running tasks printed so far, saved while they run in a job: the log of an attempt killed
     * before its record was written.
     */
    public static final String PARTIAL_LOGS = "_logs";
    /**
     * The folder at the datastore's root of the inputs every flow reads (a flow stack's job role may read it, none may
     * write it).
     */
    public static final String SHARED = "_shared";
    /** The folder in a project's folder of its serving deployments' data: exposures and data capture. */
    public static final String SERVING = "_serving";
    /**
     * The folder at a local datastore's root of the rendered run cards: reserved like the others, so that no project
     * named {@code cards} shares a folder with them.
     */
    public static final String CARDS = "_cards";
    /** The file name of an exported model's archive. */
    public static final String MODEL_ARCHIVE = "model.tar.gz";

    public DatastoreLayout {
        PathName.PROJECT.require(project);
        PathName.BRANCH.require(branch);
        PathName.FLOW.require(flow);
    }

    /** {@code <project>/<branch>/<Flow>}: everything of this flow on this branch, and nothing else. */
    public String flowPrefix() {
        return project + "/" + branch + "/" + flow;
    }

    /** {@code <flow prefix>/runs/}: the run records, task records and plans, one folder per run. */
    public String runsPrefix() {
        return flowPrefix() + "/runs/";
    }

    public String runKey(String run) {
        return runsPrefix() + PathName.RUN.require(run) + "/run.json";
    }

    public String taskKey(String run, String step, String task, int attempt) {
        return runsPrefix() + PathName.RUN.require(run) + "/" + PathName.STEP.require(step) + "/"
                + PathName.TASK.require(task) + "/" + attempt + ".json";
    }

    public String filesPrefix(String run, String step, String task) {
        return runsPrefix() + run + "/" + step + "/" + task + "/files";
    }

    public String planKey(String run, String step) {
        return runsPrefix() + run + "/" + PLANS + "/" + step + ".json";
    }

    public String planSummaryKey(String run, String step) {
        return runsPrefix() + run + "/" + PLANS + "/" + step + ".summary.json";
    }

    /** The mark saying that {@code laterRun} resumed {@code run}. */
    public String resumedKey(String run, String laterRun) {
        return resumedPrefix(run) + "/" + laterRun;
    }

    /** The folder of {@code run}'s resumed marks. */
    public String resumedPrefix(String run) {
        return runsPrefix() + run + "/" + RESUMED;
    }

    /**
     * What threads shared by several tasks of a local run printed (the common pool of parallel streams), credited
     * to none of them.
     *
     * @param stream {@code stdout} or {@code stderr}
     */
    public String runOutputKey(String run, String stream) {
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            throw new IllegalArgumentException("a run's output is stdout or stderr, not " + stream);
        }
        return runsPrefix() + run + "/" + OUTPUT + "/" + stream + ".log";
    }

    /**
     * What attempt {@code attempt} (from 0) of a task had printed when last saved while it ran ({@link
     * #PARTIAL_LOGS}); gone once its record holds the whole log.
     *
     * @param stream {@code stdout} or {@code stderr}
     */
    public String partialLogKey(String run, String step, String task, int attempt, String stream) {
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            throw new IllegalArgumentException("a task's output is stdout or stderr, not " + stream);
        }
        return partialLogsPrefix(run, step, task) + attempt + "." + stream + ".log";
    }

    /** The folder of a task's partial logs, every attempt's. */
    public String partialLogsPrefix(String run, String step, String task) {
        return runsPrefix() + run + "/" + PARTIAL_LOGS + "/" + step + "/" + task + "/";
    }

    /** An exported model's key in the datastore's models place ({@link #modelsRoot}). */
    public String modelKey(String run, String step, String task, String artifact) {
        return flowPrefix() + "/" + run + "/" + step + "/" + task + "/" + artifact + "/" + MODEL_ARCHIVE;
    }

    /**
     * {@code <project>/_serving/<deployment>}: the only place a serving deployment writes (its exposures, its data
     * capture), in no branch's and no flow's folder.
     */
    public static String servingPrefix(String project, String deployment) {
        return PathName.PROJECT.require(project) + "/" + SERVING + "/" + PathName.DEPLOYMENT.require(deployment);
    }

    /** {@code key} below the bucket prefix {@code datastorePrefix} ({@code cairn}, or empty for the bucket's root). */
    public static String under(String datastorePrefix, String key) {
        String prefix = trim(datastorePrefix);
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    /**
     * {@code <datastorePrefix>-models}: where the models of the datastore under {@code datastorePrefix} live,
     * beside its run data (which a lifecycle rule may expire) rather than under it.
     */
    public static String modelsRoot(String datastorePrefix) {
        String prefix = trim(datastorePrefix);
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("models live beside a datastore prefix (cairn has cairn" + MODELS_SUFFIX
                    + "/): the datastore prefix must not be empty");
        }
        return prefix + MODELS_SUFFIX;
    }

    private static String trim(String prefix) {
        return prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    }
}
