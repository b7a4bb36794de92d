package dev.cairn.cli;

import dev.cairn.runtime.local.RunOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the datastore is, and which branch of it: shared by every command. */
final class DatastoreOptions {
    @Option(names = "--datastore", paramLabel = "PATH",
            description = "Local datastore folder (default: $CAIRN_DATASTORE or ./.cairn).")
    Path datastore;

    @Option(names = "--branch", paramLabel = "NAME",
            description = "Branch namespace: user.<name>, test.<name> or prod (default: $CAIRN_BRANCH or user.$USER).")
    String branch;

    Path datastore() {
        return datastore != null ? datastore.toAbsolutePath() : RunOptions.defaultDatastore();
    }

    String branch() {
        return branch != null ? branch : RunOptions.defaultBranch();
    }
}
