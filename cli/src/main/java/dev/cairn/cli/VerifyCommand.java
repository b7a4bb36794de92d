package dev.cairn.cli;

import dev.cairn.client.CairnClient;
import dev.cairn.client.FlowRuns;
import dev.cairn.client.Run;
import dev.cairn.datastore.FlowVerifier;
import dev.cairn.datastore.VerifyReport;
import dev.cairn.datastore.VerifyReport.BadBlob;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Check a flow's runs, or one run, against the blobs they stored.",
            "Reads every task record of every attempt and every blob they name, each blob once however many tasks",
            "name it, checking its content against its address. Lists each damaged or missing blob with the runs,",
            "steps, tasks and artifacts that name it, then a summary.",
            "Works on local and s3:// datastores. RUN may be `latest` or `latest-successful`."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:every record and blob read back as written",
            "1:a blob is damaged or missing, or a record is unreadable (each is named)",
            "2:bad arguments, or no such flow or run"
        })
final class VerifyCommand implements Callable<Integer> {
    static final String USAGE = "FLOW[/RUN]";
    /** Records listed under a damaged blob before the rest are counted: a blob may be named by thousands of tasks. */
    static final int REFERENCES_SHOWN = 10;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = USAGE,
            description = "What to check: a flow (every run of it), e.g. CountryModels, or one run, e.g."
                    + " CountryModels/latest.")
    String path;

    @Mixin
    DatastoreOptions store;

    @Override
    public Integer call() throws InterruptedException {
        CairnClient client = store.client();
        Pathspec target = Pathspec.parse(client, path, 0, 1, USAGE);
        FlowRuns flow = client.flow(target.flow());
        PrintWriter out = spec.commandLine().getOut();
        VerifyProgress progress = new VerifyProgress(spec.commandLine().getErr(), RunProgress.interactive());
        VerifyReport report;
        if (target.run() == null) {
            out.printf(
                    "Verifying every run of %s (project %s, branch %s) in %s%n",
                    flow.name(), flow.project(), flow.branch(), flow.location());
            out.flush();
            report = flow.verify(progress);
        } else {
            Run run = flow.run(target.run());
            out.printf("Verifying %s/%s in %s%n", target.flow(), run.id(), flow.location());
            out.flush();
            report = flow.verify(run, progress);
        }
        progress.done();
        report.damaged().forEach(blob -> print(out, "damaged", blob, target.flow()));
        report.missing().forEach(blob -> print(out, "missing", blob, target.flow()));
        report.unreadableRecords().forEach(record -> out.println("unreadable: " + record));
        out.printf(
                Locale.ROOT,
                "Checked %d runs, %d tasks (%d records), %d blobs, %,d bytes read: %d damaged, %d missing, %d"
                        + " unreadable records.%n",
                report.runs(),
                report.tasks(),
                report.records(),
                report.blobs(),
                report.bytesRead(),
                report.damaged().size(),
                report.missing().size(),
                report.unreadableRecords().size());
        if (!report.damaged().isEmpty() || !report.missing().isEmpty()) {
            out.printf(
                    "To store them again, run the steps that wrote them again: a new run of the flow replaces a"
                            + " damaged or missing blob when it stores the same value, and %s resume reruns a task"
                            + " whose blobs are damaged or missing instead of reusing it.%n",
                    CairnCli.command());
        }
        out.flush();
        return report.clean() ? 0 : CairnCli.RUN_FAILED;
    }

    /** A bad blob, then the records that name it, each as a pathspec {@code show} takes, and the runs they are in. */
    private static void print(PrintWriter out, String what, BadBlob blob, String flow) {
        out.printf("%s blob %s: %s%n", what, blob.sha(), blob.problem());
        List<VerifyReport.Reference> references = blob.referencedBy();
        out.printf("  named by %d records in runs %s:%n", references.size(), String.join(", ", blob.runs()));
        references.stream().limit(REFERENCES_SHOWN).forEach(r -> out.printf("    %s/%s%n", flow, r));
        if (references.size() > REFERENCES_SHOWN) {
            out.printf("    ... and %d more%n", references.size() - REFERENCES_SHOWN);
        }
    }

    /**
     * How far a walk of thousands of records has got, on stderr: on a terminal one line redrawn in place, when
     * piped a line now and then, so that logs stay short.
     */
    private static final class VerifyProgress implements FlowVerifier.Progress {
        private static final long REDRAW_NANOS = 200_000_000L;
        private static final long PIPED_LINE_NANOS = 10_000_000_000L;

        private final PrintWriter err;
        private final boolean live;
        private final long every;
        private long last = System.nanoTime();
        private boolean drawn;

        VerifyProgress(PrintWriter err, boolean live) {
            this.err = err;
            this.live = live;
            this.every = live ? REDRAW_NANOS : PIPED_LINE_NANOS;
        }

        @Override
        public void update(int records, int blobsChecked, int blobsTotal) {
            long now = System.nanoTime();
            if (now - last < every) {
                return;
            }
            last = now;
            String line = blobsTotal == 0
                    ? String.format(Locale.ROOT, "cairn verify: %,d task records read", records)
                    : String.format(
                            Locale.ROOT,
                            "cairn verify: %,d task records read, %,d of %,d blobs checked",
                            records,
                            blobsChecked,
                            blobsTotal);
            if (live) {
                err.print("\r\033[K" + line);
                drawn = true;
            } else {
                err.println(line);
            }
            err.flush();
        }

        /** Clears the line drawn in place, so the report starts on a clean line. */
        void done() {
            if (drawn) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }
}
