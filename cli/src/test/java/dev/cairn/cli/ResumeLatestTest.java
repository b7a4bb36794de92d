package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Cairn;
import dev.cairn.testing.CairnDatastore;
import dev.cairn.testing.CairnExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code resume} takes a run the way {@code show} does: FLOW/latest resolves to the newest run. */
@ExtendWith(CairnExtension.class)
class ResumeLatestTest {

    @Test
    void resumeTakesFlowSlashLatest(Cairn cairn, @CairnDatastore Path root) throws Exception {
        String failed = cairn.run(ScorerOrFailFlow.class, java.util.Map.of("fail", "true"))
                .id();

        CliRun result = CliRun.of(root, "resume", "ScorerOrFailFlow/latest", "--max-workers", "1");

        // the same parameters fail again; what matters is which run was resumed
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("Resuming " + failed + " as ScorerOrFailFlow/"), result::toString);
    }

    @Test
    void latestWithoutAFlowIsRefusedNamingTheForm(@CairnDatastore Path root) {
        CliRun result = CliRun.of(root, "resume", "latest");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("give FLOW/latest"), result.err());
    }
}
