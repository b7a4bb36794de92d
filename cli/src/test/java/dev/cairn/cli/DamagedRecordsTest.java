package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Cairn;
import dev.cairn.testing.CairnDatastore;
import dev.cairn.testing.CairnExtension;
import dev.cairn.testing.flows.LinearFlow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A record cut short (a full disk, a half copy) is named by its file; one damaged run does not hide the others. */
@ExtendWith(CairnExtension.class)
class DamagedRecordsTest {

    private static Path runFolder(Path root, String run) {
        return root.resolve("tests/" + CairnExtension.BRANCH + "/LinearFlow/runs/" + run);
    }

    private static void truncate(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }

    @Test
    void aTruncatedTaskRecordIsNamedInOneLineByShowAndResume(Cairn cairn, @CairnDatastore Path root) throws Exception {
        String run = cairn.run(LinearFlow.class, Map.of()).id();
        Path record = runFolder(root, run).resolve("train/0/0.json");
        truncate(record);

        for (String[] command : new String[][] {
            {"show", "LinearFlow/" + run + "/train"}, {"card", "LinearFlow/" + run}, {"resume", "LinearFlow/" + run}
        }) {
            CliRun result = CliRun.of(root, command[0], command[1]);

            assertEquals(2, result.exitCode(), result::toString);
            assertTrue(result.err().contains(record.toString()), result::toString);
            assertTrue(result.err().contains("is damaged"), result::toString);
            assertEquals(1, result.err().strip().lines().count(), "one line, no stack trace: " + result);
        }
    }

    @Test
    void runsListsTheOtherRunsAndNamesTheTruncatedRunRecord(Cairn cairn, @CairnDatastore Path root) throws Exception {
        String good = cairn.run(LinearFlow.class, Map.of()).id();
        String damaged = cairn.run(LinearFlow.class, Map.of()).id();
        Path record = runFolder(root, damaged).resolve("run.json");
        truncate(record);

        CliRun result = CliRun.of(root, "runs", "LinearFlow");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains(good), result::toString);
        assertTrue(result.out().contains("warning: skipped a run: the record " + record), result::toString);
    }
}
