package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

class TestAppsTest {
    /** Without an outdir, every App the tests made left a cdk.out* folder in the shared system temp folder. */
    @Test
    void aTestAppSynthesizesUnderTargetNotInTheSystemTempFolder() {
        App app = TestApps.app();
        new Stack(app, "Empty");

        Path assembly = Path.of(app.synth().getDirectory());

        assertTrue(assembly.startsWith(Path.of("target").toAbsolutePath()), assembly.toString());
        assertTrue(Files.isRegularFile(assembly.resolve("manifest.json")), assembly.toString());
    }
}
