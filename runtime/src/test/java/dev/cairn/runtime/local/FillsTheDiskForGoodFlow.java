package dev.cairn.runtime.local;

import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Step;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Its start step first fills the disk to the last byte (while {@link #fill}), then stores a megabyte that does not
 * compress: nothing of the task fits, not even its FAILED record, nor the run's end.
 */
@Flow(project = "tests")
public class FillsTheDiskForGoodFlow extends FlowSpec {
    /** Set by the test: the file on the datastore's disk that start grows until the disk is full. */
    static volatile Path filler;
    /** Set by the test: false once space is back, so that a resumed start only stores its payload. */
    static volatile boolean fill = true;

    byte[] payload;

    @Step(next = "end")
    public void start() throws IOException {
        if (fill) {
            byte[] chunk = new byte[1024];
            try (OutputStream out = Files.newOutputStream(filler)) {
                while (true) {
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException full) {
                // the disk is full: what the test wants
            }
        }
        payload = new byte[1 << 20];
        new Random(18).nextBytes(payload);
    }

    @Step
    public void end() {}
}
