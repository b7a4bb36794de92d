package dev.cairn.functions.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.functions.aws.JavaRuntimeProcess;
import dev.cairn.functions.aws.LocalEndpoint;
import dev.cairn.functions.aws.LocalRuntimeApi;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code -lambda} jar as it is deployed, run the way Lambda's managed Java runtime runs it: the runtime interface
 * client and its own libraries on the class path, then the function's jar and nothing from this build's class path.
 * The unit tests see every class the build has, so only this catches a class the package leaves out that the
 * runtime loads from the function (Joda's {@code DateTime}, which its API Gateway event serializer needs, once made
 * every invocation fail before the handler ran). Runs after {@code package}, in the integration-test phase.
 */
class LambdaPackageIT {
    /** The runtime's own libraries, as the Java base image has them beside the function. */
    private static final List<String> RUNTIME_LIBRARIES = List.of(
            "aws-lambda-java-runtime-interface-client",
            "aws-lambda-java-serialization",
            "aws-lambda-java-core",
            "utils-lite");

    @Test
    void theDeployedJarAnswersAnApiGatewayEventAndLogsItsShadowBeforeTheFreeze(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("cairn.lambda.jar", "missing: run through failsafe after package"));
        assertTrue(Files.isRegularFile(jar), "the -lambda jar: " + jar);
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (RUNTIME_LIBRARIES.stream()
                    .anyMatch(library -> Path.of(entry).getFileName().toString().startsWith(library + "-"))) {
                classPath.add(entry);
            }
        }
        assertEquals(
                RUNTIME_LIBRARIES.size(),
                classPath.size(),
                "the runtime's libraries on the test class path: " + classPath);
        classPath.add(jar.toString());

        try (LocalEndpoint sageMaker = new LocalEndpoint(LocalEndpoint::sageMakerAnswer);
                LocalRuntimeApi api = new LocalRuntimeApi(true, 120_000, f -> {});
                JavaRuntimeProcess lambda = new JavaRuntimeProcess(
                        ShadowAfterTheAnswerTest.HANDLER,
                        ShadowAfterTheAnswerTest.env(api, sageMaker),
                        dir,
                        String.join(File.pathSeparator, classPath))) {
            api.initDone().get(ShadowAfterTheAnswerTest.WAIT_SECONDS, TimeUnit.SECONDS);
            LocalRuntimeApi.Invocation i = api.invoke(ShadowAfterTheAnswerTest.event("slow", "u-1"));

            LocalRuntimeApi.Answer answer = i.answer().get(ShadowAfterTheAnswerTest.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(200, ShadowAfterTheAnswerTest.statusOf(answer), answer.body() + "\n" + lambda.stderr());
            i.freeze().get(ShadowAfterTheAnswerTest.WAIT_SECONDS, TimeUnit.SECONDS);
            List<JsonNode> exposures = ShadowAfterTheAnswerTest.lines(lambda.stdout()).stream()
                    .filter(line -> line.has("experiment"))
                    .toList();
            assertEquals(
                    List.of(false, true),
                    exposures.stream()
                            .map(e -> e.get("shadow").asBoolean())
                            .sorted()
                            .toList(),
                    lambda.stdout());
        }
    }
}
