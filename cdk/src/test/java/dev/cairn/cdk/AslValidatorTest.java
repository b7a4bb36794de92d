package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Synthesizes the app as {@code cdk synth} does (the example flow and a GPU test flow) and runs
 * {@code asl-validator} ({@code examples/src/test/node/validate.mjs}) on every state machine definition of the
 * flow stacks' templates. The definition is an {@code Fn::Join} with tokens (job queue and definition ARNs,
 * the bucket name): placeholders of the right shape replace them first. Needs
 * {@code npm ci --prefix examples/src/test/node}; without it the test fails, it does not skip.
 */
class AslValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyStateMachineInTheSynthesizedFlowStacksPassesAslValidator() throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        Path out = dir.resolve("cdk.out");
        App app = new App(AppProps.builder().outdir(out.toString()).context(Map.of("branch", "test.asl",
                "account", TestApps.ACCOUNT, "region", TestApps.REGION, "codePackage", jar.toString(),
                "stepRunnerImage", "repo/cairn:1",
                "flows", CairnApp.DEFAULT_FLOWS + "," + TestFlows.Nightly.class.getName())).build());
        List<FlowStack> flows = CairnApp.build(app);
        assertEquals(2, flows.size());
        int validated = 0;
        for (CloudFormationStackArtifact stack : app.synth().getStacks()) {
            JsonNode template = JSON.readTree(out.resolve(stack.getTemplateFile()).toFile());
            for (var resource : template.path("Resources").properties()) {
                if (!"AWS::StepFunctions::StateMachine".equals(resource.getValue().path("Type").asText())) {
                    continue;
                }
                String definition = definition(resource.getValue().path("Properties").path("DefinitionString"));
                Path file = Files.writeString(dir.resolve(stack.getStackName() + "-" + resource.getKey() + ".json"), definition);
                JsonNode result = validate(file);
                assertTrue(result.path("valid").asBoolean(), stack.getStackName() + "/" + resource.getKey() + ": " + result.path("errors"));
                validated++;
            }
        }
        assertEquals(flows.size(), validated, "one state machine per flow stack");
    }

    @Test
    void tokensBecomePlaceholdersOfTheirShape() throws IOException {
        JsonNode join = JSON.readTree("""
                {"Fn::Join": ["", ["{\\"Q\\":\\"", {"Fn::ImportValue": "Cairn-Platform:ExportsOutputFnGetAttComputeCpuQueueJobQueueArnB3"},
                 "\\",\\"B\\":\\"", {"Fn::ImportValue": "Cairn-Platform:ExportsOutputRefDatastoreBucketE89"},
                 "\\",\\"J\\":\\"", {"Ref": "Job1cpu2048mb0gpu06843012"}, "\\"}"]]}""");
        JsonNode definition = JSON.readTree(definition(join));
        assertTrue(definition.path("Q").asText().startsWith("arn:aws:batch:"), definition.toString());
        assertTrue(definition.path("Q").asText().contains(":job-queue/"), definition.toString());
        assertFalse(definition.path("B").asText().contains(":"), definition.toString());
        assertTrue(definition.path("J").asText().contains(":job-definition/"), definition.toString());
    }

    /** The definition string, each token of an {@code Fn::Join} replaced by a placeholder of its shape. */
    static String definition(JsonNode definitionString) {
        if (definitionString.isTextual()) {
            return definitionString.asText();
        }
        JsonNode join = definitionString.path("Fn::Join");
        if (!join.isArray() || join.size() != 2) {
            fail("DefinitionString is neither a string nor an Fn::Join: " + definitionString);
        }
        StringBuilder s = new StringBuilder();
        String separator = join.get(0).asText();
        List<String> parts = new ArrayList<>();
        for (JsonNode part : join.get(1)) {
            parts.add(part.isTextual() ? part.asText() : placeholder(part));
        }
        return s.append(String.join(separator, parts)).toString();
    }

    private static String placeholder(JsonNode token) {
        String text = token.toString();
        String arn = "arn:aws:batch:" + TestApps.REGION + ":" + TestApps.ACCOUNT + ":";
        if (text.contains("Queue")) {
            return arn + "job-queue/placeholder-queue";
        } else if (text.contains("Bucket")) {
            return "placeholder-bucket";
        } else if (text.contains("\"Ref\"") && text.contains("Job")) {
            return arn + "job-definition/placeholder-job:1";
        }
        return "arn:aws:states:" + TestApps.REGION + ":" + TestApps.ACCOUNT + ":stateMachine:placeholder";
    }

    /** {@code node validate.mjs FILE}: its one JSON line. */
    private static JsonNode validate(Path definition) throws IOException, InterruptedException {
        Path nodeDir = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent().resolve("examples/src/test/node");
        if (!Files.isDirectory(nodeDir)) {
            nodeDir = Path.of("examples/src/test/node").toAbsolutePath(); // run from the repository root
        }
        if (!Files.isDirectory(nodeDir.resolve("node_modules/asl-validator"))) {
            fail("asl-validator is not installed in " + nodeDir + ": run npm ci --prefix examples/src/test/node");
        }
        Process process = new ProcessBuilder("node", nodeDir.resolve("validate.mjs").toString(), definition.toString())
                .directory(nodeDir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("node validate.mjs did not finish in 60 s");
        }
        String last = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1);
        if (!last.startsWith("{")) {
            fail("node validate.mjs exited " + process.exitValue() + " without a JSON line: " + text);
        }
        return JSON.readTree(last);
    }
}
