package dev.cairn.runtime.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how a local run goes.
 *
 * @param datastore   root folder of the local datastore
 * @param branch      namespace inside the project: {@code user.<name>}, {@code test.<name>}, {@code prod}
 * @param maxWorkers  tasks running at once
 * @param leasePeriod how long the run's record vouches for the run without a renewal ({@link RunLease}): a run
 *                    whose process died shows as DIED this long after its last renewal
 */
public record RunOptions(Path datastore, String branch, int maxWorkers, RunListener listener, Duration leasePeriod) {
    /** Sets {@link #leasePeriod}, in whole seconds; tests shorten it so a killed run is seen dead quickly. */
    public static final String LEASE_ENV = "CAIRN_RUN_LEASE_SECONDS";

    /** Long enough for a busy machine to renew in time, short enough for {@code cairn runs} to tell soon. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    /** Options with the default lease period. */
    public RunOptions(Path datastore, String branch, int maxWorkers, RunListener listener) {
        this(datastore, branch, maxWorkers, listener, DEFAULT_LEASE);
    }

    /** {@code ./.cairn}, branch {@code user.$USER}, one worker per core, the lease period of the environment. */
    public static RunOptions defaults() {
        return new RunOptions(
                defaultDatastore(),
                defaultBranch(),
                defaultMaxWorkers(),
                RunListener.NONE,
                leasePeriod(System.getenv()));
    }

    public RunOptions withListener(RunListener listener) {
        return new RunOptions(datastore, branch, maxWorkers, listener, leasePeriod);
    }

    public RunOptions withDatastore(Path datastore) {
        return new RunOptions(datastore, branch, maxWorkers, listener, leasePeriod);
    }

    public RunOptions withMaxWorkers(int maxWorkers) {
        return new RunOptions(datastore, branch, maxWorkers, listener, leasePeriod);
    }

    public RunOptions withBranch(String branch) {
        return new RunOptions(datastore, branch, maxWorkers, listener, leasePeriod);
    }

    public RunOptions withLeasePeriod(Duration leasePeriod) {
        return new RunOptions(datastore, branch, maxWorkers, listener, leasePeriod);
    }

    /** One worker per core, and at least two. */
    public static int defaultMaxWorkers() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
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

    /** {@value #LEASE_ENV} of {@code env}, or {@link #DEFAULT_LEASE}. */
    public static Duration leasePeriod(Map<String, String> env) {
        String text = env.get(LEASE_ENV);
        if (text == null || text.isBlank()) {
            return DEFAULT_LEASE;
        }
        try {
            long seconds = Long.parseLong(text.trim());
            if (seconds >= 1) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below, with the other wrong values
        }
        throw new IllegalArgumentException(
                "$" + LEASE_ENV + " must be a whole number of seconds, 1 or more, got '" + text + "'");
    }
}
