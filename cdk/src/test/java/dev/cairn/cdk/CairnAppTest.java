package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;

/** What the app does with the context it is given, as {@code cdk synth -c ...} gives it. */
class CairnAppTest {
    @TempDir
    static Path dir;

    private static String synthFailure(Map<String, String> context) throws IOException {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        App app = new App(
                TestApps.props().context(TestApps.appContext(jar, context)).build());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CairnApp.synth(app, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status, err.toString(StandardCharsets.UTF_8));
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBranchNamedLikeAReservedFolderFailsSynthInOneLine() throws IOException {
        String err = synthFailure(Map.of("branch", "_shared"));

        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("cairn cdk app: -c branch: branch '_shared' cannot name a datastore folder"), err);
    }

    @Test
    void everyBranchOfTheBranchesContextIsChecked() throws IOException {
        String err = synthFailure(Map.of("branches", "prod,_serving"));

        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.contains("-c branches: branch '_serving'"), err);
    }

    @Test
    void aServingDeploymentNamedLikeAReservedFolderFailsSynthNamingTheFileAndField() throws IOException {
        Path file = Files.writeString(dir.resolve("serving.json"), """
                {"project": "demo", "branch": "prod", "deployments": [{"deployment": "_shared",
                  "variants": [{"name": "v1", "modelDataKey": "cairn-models/demo/prod/F/r/s/0/best/model.tar.gz"}]}]}
                """);
        Path router = Files.write(dir.resolve("cairn-functions-0.1.0-lambda.jar"), new byte[] {'P', 'K', 3, 4});

        String err = synthFailure(Map.of(
                "serving", file.toString(),
                "routerCode", router.toString(),
                "servingImage", ServingStackTest.IMAGE));

        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.contains("deployments[0]: deployment '_shared' cannot name a datastore folder"), err);
    }
}
