package dev.cairn.runtime.local;

import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.RunRecord;
import dev.cairn.datastore.RunStatus;
import dev.cairn.flow.internal.CairnCommand;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A local run's lease on its run record: the record says until when the run's process vouches for it
 * ({@link RunRecord#leaseUntil}), and this keeps pushing that time forward while the process lives. When the
 * process is killed nothing renews the lease, and readers see the run as {@link RunStatus#DIED} once it
 * has passed. A lease rather than a process id, because readers need not be on the run's machine: the
 * datastore may be on S3.
 *
 * <p>Every write of the record goes through here, so a renewal never overwrites the run's end.
 */
public final class RunLease implements AutoCloseable {
    /**
     * Renewals per lease period: a renewal may fail or be late (a busy disk or network, a long GC pause, clocks
     * of writer and reader a little apart) several times before readers think the run died.
     */
    static final int RENEWALS_PER_PERIOD = 4;

    private final FlowDatastore datastore;
    private final Duration period;
    private final ScheduledExecutorService renewer;
    private RunRecord record;
    private boolean ended;
    private boolean warned;

    private RunLease(FlowDatastore datastore, RunRecord record, Duration period) {
        this.datastore = datastore;
        this.record = record;
        this.period = period;
        this.renewer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("cairn-lease-" + record.run()).factory());
    }

    /** Writes {@code run} holding a lease of {@code period}, and renews it until {@link #end} or {@link #close}. */
    public static RunLease start(FlowDatastore datastore, RunRecord run, Duration period) throws IOException {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a run's lease period must be positive, got " + period);
        }
        RunLease lease = new RunLease(datastore, run, period);
        lease.renew();
        long every = Math.max(1, period.toMillis() / RENEWALS_PER_PERIOD);
        lease.renewer.scheduleWithFixedDelay(lease::renewQuietly, every, every, TimeUnit.MILLISECONDS);
        return lease;
    }

    /** The run's record as last written. */
    public synchronized RunRecord record() {
        return record;
    }

    /** Stops renewing and writes the run's end; nothing is written for this run through this lease after it. */
    public synchronized void end(RunRecord finished) throws IOException {
        stop();
        record = finished;
        datastore.writeRun(finished);
    }

    /** Stops renewing, leaving the record as it is: a run that did not record its end will show as DIED. */
    @Override
    public synchronized void close() {
        stop();
    }

    private void stop() {
        ended = true;
        renewer.shutdownNow();
    }

    private synchronized void renew() throws IOException {
        if (ended) {
            return;
        }
        RunRecord renewed = record.leasedUntil(Instant.now().plus(period));
        datastore.writeRun(renewed);
        record = renewed;
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (IOException | RuntimeException e) {
            // the next renewal tries again; say so once, since readers will call the run dead if it never works
            synchronized (this) {
                if (!warned) {
                    warned = true;
                    System.err.println("cairn: cannot renew the lease of run " + record.run() + " in "
                            + datastore.location() + " (" + e.getMessage() + "); if this goes on, `"
                            + CairnCommand.hint("runs") + "`"
                            + " will show the run as DIED while it still runs");
                }
            }
        }
    }
}
