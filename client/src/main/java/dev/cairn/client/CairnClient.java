package dev.cairn.client;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.LocalObjectStore;
import dev.cairn.datastore.ObjectStore;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.flow.layout.PathName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads back what flows left in a datastore: runs, steps, tasks, artifacts and logs, for one
 * branch. Read-only, and the same over any {@link ObjectStore} (the local disk now, S3 later).
 * I/O failures surface as {@link java.io.UncheckedIOException}; anything asked for that does not
 * exist as a {@link NotFoundException} naming what does.
 *
 * <pre>{@code
 * CairnClient cairn = CairnClient.local(Path.of(".cairn"), "user.alice");
 * Run run = cairn.flow("CountryModels").latestSuccessful().orElseThrow();
 * Task end = run.step("end").task();
 * double accuracy = end.artifact("accuracy", Double.class);
 * Object best = end.artifact("best");           // untyped: maps, lists, numbers, strings
 * System.out.print(run.step("train").task("0-3").stdout());
 * }</pre>
 */
public final class CairnClient {
    private final ObjectStore store;
    private final String branch;
    private final Codecs codecs;

    /** Decodes artifacts with the codecs registered on the context class loader (plus json and bytes). */
    public CairnClient(ObjectStore store, String branch) {
        this(store, branch, Codecs.discover(Thread.currentThread().getContextClassLoader()));
    }

    public CairnClient(ObjectStore store, String branch, Codecs codecs) {
        PathName.BRANCH.require(branch);
        this.store = Objects.requireNonNull(store, "store");
        this.branch = branch;
        this.codecs = Objects.requireNonNull(codecs, "codecs");
    }

    /**
     * A client over the local datastore folder {@code datastoreRoot}.
     *
     * @throws NotFoundException when there is no such folder (nothing has run there yet)
     */
    public static CairnClient local(Path datastoreRoot, String branch) {
        Path root = datastoreRoot.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new NotFoundException("no datastore at " + root + ": nothing has run there yet,"
                    + " or the datastore is elsewhere (--datastore, $CAIRN_DATASTORE)");
        }
        return new CairnClient(StoreRead.unchecked(() -> new LocalObjectStore(root)), branch);
    }

    public String branch() {
        return branch;
    }

    /** Where the datastore is, for people: a folder or an s3:// URI. */
    public String location() {
        return store.location();
    }

    /** Every flow with data on this branch, in every project, by name then project. */
    public List<FlowRuns> flows() {
        List<FlowRuns> flows = new ArrayList<>();
        for (String project : StoreRead.unchecked(() -> store.list(""))) {
            if (!PathName.PROJECT.accepts(project)) {
                continue; // .staging and anything else that is not a project folder
            }
            for (String flow : StoreRead.unchecked(() -> store.list(project + "/" + branch))) {
                if (PathName.FLOW.accepts(flow)) {
                    flows.add(open(project, flow));
                }
            }
        }
        flows.sort(Comparator.comparing(FlowRuns::name).thenComparing(FlowRuns::project));
        return List.copyOf(flows);
    }

    /**
     * The flow named {@code name} ({@code CountryModels}), or {@code project/Flow} where several
     * projects have a flow of that name.
     *
     * @throws NotFoundException        listing the flows there are
     * @throws IllegalArgumentException when the name is in several projects
     */
    public FlowRuns flow(String name) {
        List<FlowRuns> all = flows();
        List<FlowRuns> matches = all.stream()
                .filter(f -> name.contains("/")
                        ? (f.project() + "/" + f.name()).equals(name)
                        : f.name().equals(name))
                .toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new NotFoundException(
                    all.isEmpty()
                            ? "no flow " + name + " on branch " + branch + " in " + store.location()
                                    + ": no flow has run there yet"
                            : "no flow " + name + " on branch " + branch + " in " + store.location()
                                    + "; the flows there are "
                                    + all.stream()
                                            .map(FlowRuns::name)
                                            .distinct()
                                            .toList());
        }
        throw new IllegalArgumentException("flow " + name + " is in several projects "
                + matches.stream().map(FlowRuns::project).toList() + ": give PROJECT/" + name + ", e.g. "
                + matches.get(0).project() + "/" + name);
    }

    /**
     * The run {@code runId} in whichever flow of this branch holds it.
     *
     * @throws IllegalArgumentException when several flows have a run with that id
     */
    public Optional<Run> findRun(String runId) {
        String problem = PathName.RUN.problem(runId);
        if (problem != null) {
            throw new IllegalArgumentException(problem + " (a run id is like 20261126-061530-4f2a9c)");
        }
        List<Run> found = new ArrayList<>();
        for (FlowRuns flow : flows()) {
            flow.find(runId).ifPresent(found::add);
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("run id " + runId + " is in several flows "
                    + found.stream().map(r -> r.project() + "/" + r.flow()).toList() + ": give FLOW/" + runId);
        }
        return found.stream().findFirst();
    }

    private FlowRuns open(String project, String flow) {
        return new FlowRuns(new FlowDatastore(store, project, branch, flow), codecs);
    }
}
