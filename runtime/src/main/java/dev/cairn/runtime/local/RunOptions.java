package dev.cairn.runtime.local;

import java.nio.file.Path;

/**
 * Where and how a local run goes.
 *
 * @param datastore  root folder of the local datastore
 * @param branch     namespace inside the project: {@code user.<name>}, {@code test.<name>}, {@code prod}
 * @param maxWorkers tasks running at once
 */
public record RunOptions(Path datastore, String branch, int maxWorkers, RunListener listener) {

    /** {@code ./.cairn}, branch {@code user.$USER}, one worker per core. */
    public static RunOptions defaults() {
        return new RunOptions(
                defaultDatastore(),
                defaultBranch(),
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                RunListener.NONE);
    }

    public RunOptions withListener(RunListener listener) {
        return new RunOptions(datastore, branch, maxWorkers, listener);
    }

    public RunOptions withDatastore(Path datastore) {
        return new RunOptions(datastore, branch, maxWorkers, listener);
    }

    public RunOptions withMaxWorkers(int maxWorkers) {
        return new RunOptions(datastore, branch, maxWorkers, listener);
    }

    public RunOptions withBranch(String branch) {
        return new RunOptions(datastore, branch, maxWorkers, listener);
    }

    /** {@code $CAIRN_DATASTORE}, or {@code .cairn} in the working directory. */
    public static Path defaultDatastore() {
        String env = System.getenv("CAIRN_DATASTORE");
        return Path.of(env != null && !env.isBlank() ? env : ".cairn").toAbsolutePath();
    }

    /** {@code $CAIRN_BRANCH}, or {@code user.<login name>}. */
    public static String defaultBranch() {
        String env = System.getenv("CAIRN_BRANCH");
        if (env != null && !env.isBlank()) {
            return env;
        }
        String user = System.getProperty("user.name", "local").replaceAll("[^A-Za-z0-9._-]", "_");
        return "user." + (user.isEmpty() ? "local" : user);
    }
}
