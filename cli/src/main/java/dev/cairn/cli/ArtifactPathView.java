package dev.cairn.cli;

import dev.cairn.client.ArtifactLocation;
import dev.cairn.client.Task;
import java.io.PrintWriter;

/** {@code cairn show FLOW/RUN/STEP/TASK --path ARTIFACT}: where the blob is, how it is encoded, how to read it. */
final class ArtifactPathView {
    private ArtifactPathView() {}

    static void print(PrintWriter out, Task task, String artifact) {
        ArtifactLocation location = task.artifactLocation(artifact);
        out.printf("%s%n", location.uri());
        out.printf(
                "  artifact  %s of %s (%s, %d bytes)%n", artifact, task.pathspec(), location.type(), location.size());
        out.printf("  encoding  %s%n", location.encoding());
        String file = "'" + location.uri().replace("'", "'\\''") + "'";
        if (location.codec().equals("arrow") && !location.compressed()) {
            out.printf("  pyarrow   pyarrow.ipc.open_stream(%s).read_all()%n", file);
            out.printf("  polars    polars.read_ipc_stream(%s)%n", file);
            out.printf(
                    "  duckdb    INSTALL nanoarrow FROM community; LOAD nanoarrow; SELECT * FROM read_arrow(%s)%n",
                    file);
            out.printf("  node      tableFromIPC(readFileSync(%s))   (npm package apache-arrow)%n", file);
        } else if (location.codec().equals("json")) {
            out.printf("  read      %s%s | jq .%n", location.compressed() ? "zstd -dc " : "cat ", file);
        }
    }
}
