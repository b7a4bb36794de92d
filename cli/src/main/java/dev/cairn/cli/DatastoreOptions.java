package dev.cairn.cli;

import dev.cairn.client.CairnClient;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.ObjectStore;
import dev.cairn.datastore.s3.S3ObjectStore;
import dev.cairn.flow.layout.PathName;
import dev.cairn.runtime.local.RunOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the datastore is, and which branch of it: shared by every command. */
final class DatastoreOptions {
    private static final String S3 = "s3://";

    @Option(
            names = "--datastore",
            paramLabel = "PATH|s3://BUCKET/PREFIX",
            description = "Datastore: a local folder, or s3://bucket/prefix for a deployed flow's runs"
                    + " (default: $CAIRN_DATASTORE or ./.cairn).")
    String datastore;

    @Option(
            names = "--branch",
            paramLabel = "NAME",
            description = "Branch namespace: user.<name>, test.<name> or prod (default: $CAIRN_BRANCH or user.$USER).")
    String branch;

    /** The process environment ($CAIRN_DATASTORE, $AWS_REGION, $CAIRN_S3_ENDPOINT, credentials); {@link CairnCli#execute} sets its own. */
    Map<String, String> env = System.getenv();

    /** The datastore as given: --datastore, else $CAIRN_DATASTORE, else null (the default local folder). */
    private String given() {
        if (datastore != null) {
            return datastore;
        }
        String fromEnv = env.get("CAIRN_DATASTORE");
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv;
    }

    /** Whether the datastore is an S3 one ({@code s3://...}). */
    boolean isS3() {
        String given = given();
        return given != null && given.startsWith(S3);
    }

    /** The local datastore folder; commands that run flows locally use this, and refuse an s3:// datastore. */
    Path datastore() {
        if (isS3()) {
            throw new UserError("--datastore " + given() + ": this command works on a local datastore folder;"
                    + " s3:// datastores are read by runs, show and logs");
        }
        String given = given();
        Path folder = given != null ? folder(given) : RunOptions.defaultDatastore();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UserError("--datastore " + folder + " is not a folder: give a folder (it is created when"
                    + " missing) or s3://bucket/prefix");
        }
        return folder;
    }

    // an empty --datastore would be the working directory itself: runs would land beside the user's files
    private static Path folder(String given) {
        if (given.isBlank()) {
            throw new UserError("--datastore is empty: give a folder such as .cairn, or s3://bucket/prefix");
        }
        try {
            return Path.of(given).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new UserError("--datastore " + given.strip() + " is not a path: " + e.getReason());
        }
    }

    String branch() {
        return branch(branch);
    }

    /** {@code --branch} as given, else the default branch; refused in one line when it cannot name a folder. */
    static String branch(String given) {
        String name = given != null ? given : RunOptions.defaultBranch();
        String problem = PathName.BRANCH.problem(name);
        if (problem != null) {
            throw new UserError("--branch: " + problem + " (e.g. user.alice, test.feature-x, prod)");
        }
        return name;
    }

    /** How a local run in this datastore goes: its lease period is $CAIRN_RUN_LEASE_SECONDS, or the default. */
    RunOptions runOptions(int maxWorkers) {
        try {
            return new RunOptions(datastore(), branch(), maxWorkers, null, RunOptions.leasePeriod(env));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The datastore's objects: a {@link LocalObjectStore} for a folder, an {@link S3ObjectStore} for s3://bucket/prefix. */
    ObjectStore objectStore() {
        if (!isS3()) {
            try {
                return new LocalObjectStore(datastore());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            return S3ObjectStore.of(URI.create(given()), env);
        } catch (IllegalArgumentException e) {
            throw new UserError("--datastore " + given() + ": " + e.getMessage());
        }
    }

    /**
     * A client reading this datastore and branch. A local folder reads as it always has (an error naming the
     * folder when nothing has run there); s3://bucket/prefix reads the same layout from S3.
     */
    CairnClient client() {
        return isS3() ? new CairnClient(objectStore(), branch()) : CairnClient.local(datastore(), branch());
    }
}
