package dev.cairn.client;

import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.FlowVerifier;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.datastore.VerifyReport;
import dev.cairn.datastore.codec.Codecs;
import dev.cairn.flow.internal.CairnCommand;
import dev.cairn.flow.layout.PathName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One flow's runs on a branch. Every call reads the datastore afresh, so it sees runs that
 * started since.
 *
 * <pre>{@code
 * FlowRuns flow = cairn.flow("CountryModels");
 * Run last = flow.run("latest");
 * List<Run> failed = flow.runs(RunStatus.FAILED);
 * }</pre>
 */
public final class FlowRuns {
    /** The word that stands for the newest run wherever a run id is asked for. */
    public static final String LATEST = "latest";

    /** The word that stands for the newest run that succeeded wherever a run id is asked for. */
    public static final String LATEST_SUCCESSFUL = "latest-successful";

    private static final int RECENT_IDS = 5;

    private final FlowDatastore datastore;
    private final ArtifactStore artifacts;

    FlowRuns(FlowDatastore datastore, Codecs codecs) {
        this.datastore = datastore;
        this.artifacts = new ArtifactStore(datastore.blobs(), codecs);
    }

    public String name() {
        return datastore.flow();
    }

    public String project() {
        return datastore.project();
    }

    public String branch() {
        return datastore.branch();
    }

    /** Where this flow's data lives: a folder or an s3:// URI. */
    public String location() {
        return datastore.location();
    }

    /**
     * The flow's runs and what is wrong with each run record that cannot be read, from one read of the records: a
     * caller that shows both reads them once.
     *
     * @param runs    every run with a readable run record, newest first (by start time)
     * @param damaged what is wrong with each run record that cannot be read (cut short, not JSON), naming its file
     */
    public record Listing(List<Run> runs, List<String> damaged) {}

    public Listing listing() {
        FlowDatastore.RunRecords read = StoreRead.unchecked(() -> datastore.readRuns(datastore.runIds()));
        List<Run> runs = new ArrayList<>();
        for (RunRecord record : read.records()) {
            runs.add(new Run(this, record));
        }
        runs.sort(Comparator.comparing(Run::startedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Run::id)
                .reversed());
        return new Listing(
                List.copyOf(runs),
                read.damaged().stream().map(Exception::getMessage).toList());
    }

    /** Every run with a readable run record, newest first (by start time); {@link #damagedRuns} names the others. */
    public List<Run> runs() {
        return listing().runs();
    }

    /** What is wrong with each run record that cannot be read (cut short, not JSON), naming its file. */
    public List<String> damagedRuns() {
        return listing().damaged();
    }

    /** The runs in {@code status}, newest first. */
    public List<Run> runs(RunStatus status) {
        return runs().stream().filter(r -> r.status() == status).toList();
    }

    /** The newest run, whatever its status (it may still be running). */
    public Optional<Run> latest() {
        return runs().stream().findFirst();
    }

    public Optional<Run> latestSuccessful() {
        return runs(RunStatus.SUCCEEDED).stream().findFirst();
    }

    /**
     * The run {@code id}; the newest one for {@value #LATEST} (whatever its status), the newest that succeeded for
     * {@value #LATEST_SUCCESSFUL}. Every command that takes a run resolves it here.
     *
     * @throws NotFoundException listing the most recent run ids
     */
    public Run run(String id) {
        if (LATEST_SUCCESSFUL.equals(id)) {
            return latestSuccessful()
                    .orElseThrow(() -> new NotFoundException("flow " + name()
                            + " has no run that succeeded on branch " + branch() + " in " + location()
                            + latest().map(r -> " (the latest, " + r.id() + ", is " + r.status() + ")")
                                    .orElse("")
                            + "; its runs: " + CairnCommand.hint("runs " + name())));
        }
        if (LATEST.equals(id)) {
            return latest().orElseThrow(() -> new NotFoundException("flow " + name() + " has no runs on branch "
                    + branch() + " in " + location() + "; start one with: " + CairnCommand.hint("run " + name())));
        }
        Optional<Run> run = PathName.RUN.accepts(id) ? find(id) : Optional.empty();
        return run.orElseThrow(() -> {
            List<String> ids = StoreRead.unchecked(datastore::runIds);
            List<String> recent = ids.reversed().stream().limit(RECENT_IDS).toList();
            return new NotFoundException("flow " + name() + " has no run " + id + " on branch " + branch()
                    + (recent.isEmpty()
                            ? ": it has no runs at all"
                            : "; its most recent runs are " + recent
                                    + (ids.size() > RECENT_IDS
                                            ? " (all " + ids.size() + ": " + CairnCommand.hint("runs " + name()) + ")"
                                            : "")));
        });
    }

    /**
     * Checks every run of this flow, those with an unreadable run record too: reads every task record of every
     * attempt and every blob they name (once each), and reports what is damaged or missing and which records name it.
     */
    public VerifyReport verify(FlowVerifier.Progress progress) throws InterruptedException {
        return verify(StoreRead.unchecked(datastore::runIds), progress);
    }

    /** {@link #verify(FlowVerifier.Progress)} for one run. */
    public VerifyReport verify(Run run, FlowVerifier.Progress progress) throws InterruptedException {
        return verify(List.of(run.id()), progress);
    }

    private VerifyReport verify(List<String> runIds, FlowVerifier.Progress progress) throws InterruptedException {
        try {
            return FlowVerifier.verify(datastore, runIds, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the datastore: " + e.getMessage(), e);
        }
    }

    /** The run {@code id} if it has a run record. */
    Optional<Run> find(String id) {
        Optional<RunRecord> record = StoreRead.unchecked(() -> datastore.readRun(id));
        return record.map(r -> new Run(this, r));
    }

    FlowDatastore datastore() {
        return datastore;
    }

    ArtifactStore artifacts() {
        return artifacts;
    }

    @Override
    public String toString() {
        return project() + "/" + name();
    }
}
