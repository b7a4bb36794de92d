package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hints name the launcher as the user typed it: the ./cairn script exports it as $CAIRN_COMMAND. */
class LauncherNameTest {
    private static final Map<String, String> TYPED = Map.of("CAIRN_COMMAND", "./cairn");

    @TempDir
    Path root;

    @Test
    void anErrorsHintNamesTheLauncherAsTyped() throws Exception {
        CliProcess result = CliProcess.run(
                root, List.of(), TYPED, List.of("resume", "20990101-000000-abcdef", "--datastore", root.toString()));

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("see runs with: ./cairn runs FLOW"), result::toString);
    }

    @Test
    void theGraphsRunHintNamesItToo() throws Exception {
        CliProcess result =
                CliProcess.run(root, List.of(), TYPED, List.of("show", "ForeachFlow", "--datastore", root.toString()));

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("Run it: ./cairn run ForeachFlow"), result::toString);
    }
}
