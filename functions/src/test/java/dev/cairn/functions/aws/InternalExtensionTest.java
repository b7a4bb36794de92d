package dev.cairn.functions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The internal extension against the strict Runtime API stand-in, with the test playing the runtime (next, response,
 * next): handed-over work runs after the answer and before the freeze, and registration is refused once Init is over.
 */
class InternalExtensionTest {

    static final long WAIT_SECONDS = 20; // generous upper bound for any step on a busy machine

    final HttpClient http = HttpClient.newHttpClient();
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    LocalRuntimeApi api;

    @AfterEach
    void close() {
        if (api != null) {
            api.close();
        }
    }

    /** The runtime's side of one invocation: asks for it and answers it; returns the request id. */
    String runtimeTakesAndAnswers() throws Exception {
        HttpResponse<String> next = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://" + api.hostAndPort() + "/2018-06-01/runtime/invocation/next"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
        HttpResponse<String> answered = http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://" + api.hostAndPort() + "/2018-06-01/runtime/invocation/" + id + "/response"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"statusCode\":200}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, answered.statusCode());
        return id;
    }

    /** The runtime asks for its next invocation (blocks until there is one, so on a thread of its own). */
    Thread runtimeAsksForNext() {
        return Thread.ofVirtual().start(() -> {
            try {
                http.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://" + api.hostAndPort() + "/2018-06-01/runtime/invocation/next"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                // closing the stand-in ends the call
            }
        });
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void workHandedOverRunsAfterTheAnswerAndBeforeTheEnvironmentFreezes() throws Exception {
        api = new LocalRuntimeApi(true, 60_000, f -> {});
        InternalExtension extension = InternalExtension.register(
                        Map.of(InternalExtension.RUNTIME_API, api.hostAndPort()), "test-ext", log)
                .orElseThrow();
        LocalRuntimeApi.Invocation invocation = api.invoke("{}");
        CountDownLatch gate = new CountDownLatch(1);
        AtomicLong workEnded = new AtomicLong();
        Thread runtime = Thread.ofVirtual().start(() -> {
            try {
                String id = runtimeTakesAndAnswers();
                extension.afterResponse(id, () -> {
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    workEnded.set(System.nanoTime());
                });
                runtimeTakesAndAnswers(); // asks for the next invocation: the runtime is done with this one
            } catch (Exception e) {
                // closing the stand-in ends the call
            }
        });
        LocalRuntimeApi.Answer answer = invocation.answer().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("{\"statusCode\":200}", answer.body());
        assertFalse(invocation.freeze().isDone(), "the environment stays up while the handed-over work runs");
        gate.countDown();
        LocalRuntimeApi.Freeze freeze = invocation.freeze().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(workEnded.get() != 0 && workEnded.get() - freeze.atNanos() < 0, "the work ended before the freeze");
        assertTrue(extension.running());
        assertEquals(List.of(new LocalRuntimeApi.Registration("test-ext", 200)), api.registrations());
        runtime.interrupt();
    }

    @Test
    void registeringAfterTheRuntimeAskedForItsFirstInvocationIsRefusedAndTheLogSaysWhy() throws Exception {
        api = new LocalRuntimeApi(true, 60_000, f -> {});
        runtimeAsksForNext();
        api.initDone().get(WAIT_SECONDS, TimeUnit.SECONDS);
        Optional<InternalExtension> late =
                InternalExtension.register(Map.of(InternalExtension.RUNTIME_API, api.hostAndPort()), "late", log);
        assertTrue(late.isEmpty());
        assertEquals(List.of(new LocalRuntimeApi.Registration("late", 403)), api.registrations());
        assertEquals(1, log().lines().count(), log());
        assertTrue(
                log().contains("registering at http://" + api.hostAndPort() + "/2020-01-01/extension/register "
                        + "failed (status 403"),
                log());
    }

    @Test
    void withoutTheRuntimeApiNothingIsRegisteredAndTheLogSaysWhy() {
        assertTrue(InternalExtension.register(Map.of(), "test-ext", log).isEmpty());
        assertEquals(
                "cairn: internal extension test-ext: AWS_LAMBDA_RUNTIME_API is not set (not in Lambda): work after the "
                        + "response is done before the handler returns",
                log().strip());
    }

    @Test
    void anInvocationThatHandsNothingOverIsGivenUpBeforeItsDeadline() throws Exception {
        api = new LocalRuntimeApi(true, 600, f -> {});
        InternalExtension.register(Map.of(InternalExtension.RUNTIME_API, api.hostAndPort()), "test-ext", log)
                .orElseThrow();
        LocalRuntimeApi.Invocation invocation = api.invoke("{}");
        Thread.ofVirtual().start(() -> {
            try {
                runtimeTakesAndAnswers(); // answers, hands nothing over (as when the handler never ran)
                runtimeTakesAndAnswers();
            } catch (Exception e) {
                // closing the stand-in ends the call
            }
        });
        // without a hand-over the extension would never ask for its next event, and the environment never freeze
        invocation.freeze().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(
                log().contains("invocation " + invocation.requestId() + " handed no work over before its deadline"),
                log());
    }

    @Test
    void theExtensionApiSendsEventsWithTheirTypeRequestAndDeadline() {
        assertEquals(
                new InternalExtension.Event("INVOKE", "3da1f2dc", 676051),
                InternalExtension.parse(
                        "{\"eventType\": \"INVOKE\", \"deadlineMs\": 676051, \"requestId\": \"3da1f2dc\","
                                + " \"invokedFunctionArn\": \"arn:aws:lambda:us-east-1:123456789012:function:ExtensionTest\","
                                + " \"tracing\": {\"type\": \"X-Amzn-Trace-Id\", \"value\": \"Root=1-5f35ae12\"}}"));
    }
}
