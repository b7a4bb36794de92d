package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.statemachines.AwsName;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code cairn trigger} against a local HTTP endpoint standing in for Step Functions: the StartExecution call it makes. */
class TriggerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXECUTION_ARN =
            "arn:aws:states:eu-west-1:123456789012:execution:cairn-tests-test.trig-CrashFlow:run-1";

    /** One request the endpoint received. */
    record Received(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startEndpoint() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body));
            byte[] answer = ("{\"executionArn\": \"" + EXECUTION_ARN + "\", \"startDate\": 1.7E9}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopEndpoint() {
        server.stop(0);
    }

    private Map<String, String> env() {
        return Map.of(
                TriggerCommand.ENDPOINT_ENV,
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "AWS_ACCESS_KEY_ID",
                "AKIDTEST",
                "AWS_SECRET_ACCESS_KEY",
                "secret",
                "AWS_REGION",
                "us-east-2");
    }

    private CliRun trigger(String... args) {
        CommandLine cli = CairnCli.commandLine();
        ((TriggerCommand) cli.getSubcommands().get("trigger").getCommand()).env = env();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "trigger";
        System.arraycopy(args, 0, all, 1, args.length);
        return new CliRun(cli.execute(all), out.toString(), err.toString());
    }

    @Test
    void startsTheLiveAliasWithTypedParametersAndARunIdAsName() throws Exception {
        CliRun result = trigger(
                "CrashFlow",
                "--branch",
                "test.trig",
                "--account",
                "123456789012",
                "--region",
                "eu-west-1",
                "--items",
                "7");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(1, received.size());
        Received call = received.get(0);
        assertEquals("POST", call.method());
        assertEquals("AWSStepFunctions.StartExecution", call.header("X-Amz-Target"));
        String auth = call.header("Authorization");
        assertNotNull(auth, "signed request");
        assertTrue(
                auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
                        && auth.contains("/eu-west-1/states/aws4_request"),
                auth);
        JsonNode body = call.json();
        // the name the flow stack gives its state machine: branch test.trig is mapped, so the name ends in a hash
        String stateMachine = AwsName.STATE_MACHINE.of("cairn", "tests", "test.trig", "CrashFlow");
        assertTrue(stateMachine.matches("cairn-tests-test-trig-CrashFlow--[0-9a-f]{8}"), stateMachine);
        assertEquals(
                "arn:aws:states:eu-west-1:123456789012:stateMachine:" + stateMachine + ":live",
                body.get("stateMachineArn").asText());
        String runId = body.get("name").asText();
        assertTrue(runId.matches("\\d{8}-\\d{6}-[0-9a-f]{6}"), runId);
        JsonNode input = JSON.readTree(body.get("input").asText());
        assertEquals(JSON.readTree("{\"parameters\": {\"items\": 7}}"), input);
        assertTrue(input.get("parameters").get("items").isInt());

        assertTrue(result.out().contains("run " + runId), result.out());
        assertTrue(
                result.out()
                        .contains(
                                "https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/"
                                        + EXECUTION_ARN + "\n"),
                result.out());
    }

    @Test
    void stateMachineArnIsUsedAsGivenWithItsRegionAndResumeFlagsGoInTheInput() throws Exception {
        String arn = "arn:aws:states:ap-southeast-2:210987654321:stateMachine:custom:live";
        CliRun result = trigger(
                "CrashFlow",
                "--state-machine-arn",
                arn,
                "--from-run",
                "20260101-000000-abcdef",
                "--from-step",
                "join",
                "--holdFrom=5",
                "--items",
                "2");

        assertEquals(0, result.exitCode(), result::toString);
        JsonNode body = received.get(0).json();
        assertEquals(arn, body.get("stateMachineArn").asText());
        assertTrue(received.get(0).header("Authorization").contains("/ap-southeast-2/states/aws4_request"));
        assertEquals(
                JSON.readTree("{\"parameters\": {\"holdFrom\": 5, \"items\": 2},"
                        + " \"resume\": {\"originRun\": \"20260101-000000-abcdef\", \"fromStep\": \"join\"}}"),
                JSON.readTree(body.get("input").asText()));
        assertTrue(
                result.out().contains("region=ap-southeast-2#/v2/executions/details/" + EXECUTION_ARN), result.out());
    }

    @Test
    void projectOptionAndEnvironmentRegionNameTheAlias() throws Exception {
        CliRun result = trigger("CrashFlow", "--branch", "prod", "--project", "other", "--account", "123456789012");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(
                "arn:aws:states:us-east-2:123456789012:stateMachine:cairn-other-prod-CrashFlow:live",
                received.get(0).json().get("stateMachineArn").asText());
        assertEquals(
                JSON.readTree("{\"parameters\": {}}"),
                JSON.readTree(received.get(0).json().get("input").asText()));
    }

    @Test
    void badParametersExitTwoWithoutCallingStepFunctions() {
        CliRun wrongType =
                trigger("CrashFlow", "--branch", "test.trig", "--account", "123456789012", "--items", "many");
        CliRun unknown = trigger("CrashFlow", "--branch", "test.trig", "--account", "123456789012", "--itemz", "3");
        CliRun noAccount = trigger("CrashFlow", "--branch", "test.trig");
        CliRun stepWithoutRun = trigger("CrashFlow", "--account", "123456789012", "--from-step", "join");
        CliRun noSuchStep = trigger("CrashFlow", "--account", "123456789012", "--from-run", "r", "--from-step", "nope");

        for (CliRun r : List.of(wrongType, unknown, noAccount, stepWithoutRun, noSuchStep)) {
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().startsWith("cairn: "), r.err());
        }
        assertTrue(wrongType.err().contains("--items"), wrongType.err());
        assertTrue(unknown.err().contains("--itemz"), unknown.err());
        assertTrue(noAccount.err().contains("--account"), noAccount.err());
        assertTrue(received.isEmpty(), "nothing may be started: " + received);
    }

    @Test
    void aFailedCallExitsOne() {
        server.removeContext("/");
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = "{\"__type\": \"StateMachineDoesNotExist\", \"message\": \"no such alias\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });

        CliRun result = trigger("CrashFlow", "--branch", "test.trig", "--account", "123456789012");

        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("no such alias"), result.err());
        assertFalse(result.out().contains("console.aws.amazon.com"), result.out());
    }
}
