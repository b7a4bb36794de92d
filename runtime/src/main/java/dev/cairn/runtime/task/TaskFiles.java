package dev.cairn.runtime.task;

import dev.cairn.datastore.FlowDatastore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder a task attempt writes its files into ({@code current().filesFolder()}). On a local
 * datastore it is the task's files folder itself; on S3 it is a scratch folder whose files are
 * uploaded to the task's files location when the step succeeds, before its record commits, so a
 * record never names files that are not there. A failed attempt's scratch files are dropped.
 */
final class TaskFiles implements AutoCloseable {
    private final FlowDatastore datastore;
    private final TaskSpec spec;
    private final Path folder;
    private final boolean scratch;

    private TaskFiles(FlowDatastore datastore, TaskSpec spec, Path folder, boolean scratch) {
        this.datastore = datastore;
        this.spec = spec;
        this.folder = folder;
        this.scratch = scratch;
    }

    static TaskFiles open(FlowDatastore datastore, TaskSpec spec) throws IOException {
        var local = datastore.localFilesFolder(spec.run(), spec.step(), spec.task());
        return local.isPresent()
                ? new TaskFiles(datastore, spec, local.get(), false)
                : new TaskFiles(datastore, spec, Files.createTempDirectory("cairn-files-"), true);
    }

    String location() {
        return datastore.filesLocation(spec.run(), spec.step(), spec.task());
    }

    String folder() {
        return folder.toString();
    }

    /** Uploads what the step wrote into a scratch folder; nothing to do on a local datastore. */
    void publish() throws IOException {
        if (!scratch) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String name = folder.relativize(file)
                    .toString()
                    .replace(file.getFileSystem().getSeparator(), "/");
            datastore.putFile(spec.run(), spec.step(), spec.task(), name, file);
        }
    }

    @Override
    public void close() {
        if (!scratch) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the scratch folder " + folder, e);
        }
    }
}
