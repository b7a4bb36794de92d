package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingFileTest {
    @TempDir
    static Path dir;

    static Path router;
    static PlatformStack platform;

    @BeforeAll
    static void setUp() throws IOException {
        router = Files.write(dir.resolve("router.jar"), new byte[] {1});
        platform = TestApps.platform(TestApps.app());
    }

    @Test
    void exampleFileDescribesAnExperimentWithARouterShadowAndAServerlessDeployment() {
        List<ServingStack.Props> props = read(Path.of("serving.example.json"));
        assertEquals(
                List.of("countrymodels", "countrymodels-serverless"),
                props.stream().map(ServingStack.Props::deployment).toList());
        ServingStack.Props ab = props.get(0);
        assertEquals(
                List.of(0.5, 0.5, 0.0),
                ab.variants().stream().map(ModelEndpoint.Variant::weight).toList());
        assertEquals(
                "cairn-models/demo/prod/CountryModels/20261120-080000-1a2b3c/bestPerCountry/0-0/best/model.tar.gz",
                ab.variants().get(0).modelDataKey());
        assertEquals(new ServingStack.Shadow("v3", 10, ServingStack.ShadowMode.ROUTER), ab.shadow());
        assertEquals("countrymodels-ab", ab.experiment().name());
        assertEquals(
                new ModelEndpoint.Instances("ml.m5.large", 1, 1, 4, 200),
                ab.variants().get(0).capacity());
        assertEquals(
                new ModelEndpoint.Serverless(2048, 5),
                props.get(1).variants().get(0).capacity());
        assertEquals(1.0, props.get(1).variants().get(0).weight(), "a lone production variant weighs 1");
    }

    @Test
    void authIsIamUnlessADeploymentOptsIntoApiKeys() throws IOException {
        assertEquals(
                List.of(PredictionApi.AuthMode.IAM, PredictionApi.AuthMode.IAM),
                read(Path.of("serving.example.json")).stream()
                        .map(ServingStack.Props::auth)
                        .toList());
        assertEquals(
                List.of(PredictionApi.AuthMode.API_KEY, PredictionApi.AuthMode.IAM),
                read(file("""
                                {"project": "demo", "branch": "prod", "deployments": [
                                  {"deployment": "demo", "auth": "apiKey", "variants": [{"name": "v1", "modelDataKey": "m/model.tar.gz"}]},
                                  {"deployment": "signed", "auth": "iam", "variants": [{"name": "v1", "modelDataKey": "m/model.tar.gz"}]}]}""")).stream().map(ServingStack.Props::auth).toList());
    }

    @Test
    void aBranchNamedLikeAReservedFolderIsRefusedEvenWhenNoExportUsesIt() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(file("""
                {"project": "demo", "branch": "_serving", "deployments": [{"deployment": "d",
                  "variants": [{"name": "v1", "modelDataKey": "cairn-models/demo/prod/F/r/s/0/a/model.tar.gz"}]}]}""")));
        assertTrue(
                e.getMessage().contains(": branch: branch '_serving' cannot name a datastore folder"), e.getMessage());
    }

    @Test
    void unknownFieldIsNamedWithItsPath() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(file("""
                {"project": "demo", "branch": "prod", "deployments": [{"deployment": "d",
                  "variants": [{"name": "v1", "export": "F/r/s/0", "artifact": "a", "instancetype": "ml.m5.large"}]}]}""")));
        assertTrue(
                e.getMessage().contains("deployments[0].variants[0]: unknown field(s) [instancetype]"), e.getMessage());
    }

    @Test
    void severalProductionVariantsMustStateTheirWeights() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(file("""
                {"project": "demo", "branch": "prod", "deployments": [{"deployment": "d", "variants": [
                  {"name": "v1", "export": "F/r/s/0", "artifact": "a"}, {"name": "v2", "export": "F/r/s/1", "artifact": "a"}]}]}""")));
        assertTrue(e.getMessage().contains("deployments[0].variants[0].weight: is required"), e.getMessage());
    }

    @Test
    void aRouterShadowsTimeLimitReachesTheRouterConfigAndIsCheckedWhereItIsWritten() throws IOException {
        String deployment = """
                {"project": "demo", "branch": "prod", "deployments": [{"deployment": "d", "variants": [
                  {"name": "v1", "export": "F/r/s/0", "artifact": "a"}, {"name": "v3", "export": "F/r/s/1", "artifact": "a"}],
                  "shadow": {"variant": "v3", "samplingPercent": 5%s}}]}""";
        ServingStack.Props props =
                read(file(deployment.formatted(", \"timeoutMs\": 250"))).getFirst();
        assertEquals(new ServingStack.Shadow("v3", 5, ServingStack.ShadowMode.ROUTER, 250), props.shadow());
        assertEquals(
                ServingStack.Shadow.DEFAULT_TIMEOUT_MS,
                read(file(deployment.formatted(""))).getFirst().shadow().timeoutMs());

        IllegalArgumentException zero = assertThrows(
                IllegalArgumentException.class, () -> read(file(deployment.formatted(", \"timeoutMs\": 0"))));
        assertTrue(
                zero.getMessage().contains("deployments[0].shadow: a shadow's timeoutMs must be 1..29000"),
                zero.getMessage());
        IllegalArgumentException endpoint = assertThrows(
                IllegalArgumentException.class,
                () -> read(file(deployment.formatted(", \"mode\": \"endpoint\", \"timeoutMs\": 250"))));
        assertTrue(
                endpoint.getMessage().contains("deployments[0].shadow.timeoutMs: applies to router shadows only"),
                endpoint.getMessage());
    }

    @Test
    void propsErrorsNameTheDeployment() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(file("""
                {"project": "demo", "branch": "prod", "deployments": [{"deployment": "d",
                  "variants": [{"name": "v1", "export": "F/r/s/0", "artifact": "a"}],
                  "shadow": {"variant": "v2", "samplingPercent": 5}}]}""")));
        assertTrue(e.getMessage().contains("deployments[0]: deployment d: unknown shadow variant v2"), e.getMessage());
        IllegalArgumentException auth = assertThrows(IllegalArgumentException.class, () -> read(file("""
                {"project": "demo", "branch": "prod", "deployments": [{"deployment": "d", "auth": "cognito",
                  "variants": [{"name": "v1", "export": "F/r/s/0", "artifact": "a"}]}]}""")));
        assertTrue(auth.getMessage().contains("deployments[0].auth: must be one of [api_key, iam]"), auth.getMessage());
    }

    @Test
    void exportWithoutABranchSaysWhereToPutIt() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(file("""
                {"project": "demo", "deployments": [{"deployment": "d",
                  "variants": [{"name": "v1", "export": "F/r/s/0", "artifact": "a"}]}]}""")));
        assertTrue(e.getMessage().contains("deployments[0].variants[0].branch: is required"), e.getMessage());
    }

    @Test
    void invalidJsonNamesTheFile() throws IOException {
        Path bad = file("{\"project\": ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(bad));
        assertTrue(e.getMessage().startsWith("serving file " + bad + " is not valid JSON"), e.getMessage());
    }

    private static List<ServingStack.Props> read(Path file) {
        return ServingFile.read(file, platform, router, ServingImage.Props.fromRegistry(ServingStackTest.IMAGE));
    }

    private static Path file(String json) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "serving", ".json"), json);
    }
}
