package dev.cairn.functions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class FirehoseExposureLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    static ExposureEvent event(String unit, boolean shadow) {
        return new ExposureEvent(
                "churn-ab",
                "churn",
                "v2",
                unit,
                1234,
                Instant.parse("2026-11-26T09:00:00.123456Z"),
                12.5,
                200,
                "0123456789abcdef",
                shadow,
                shadow ? "{\"predictions\":[1]}" : null);
    }

    private FirehoseExposureLog log(LocalEndpoint server) {
        return new FirehoseExposureLog(
                SignedSageMakerRuntimeTest.signer(AwsCredentialsIdentity.create("AKID", "S")),
                server.uri(),
                "cairn-exposures",
                log);
    }

    private static List<String> decodedRecords(LocalEndpoint.Seen s) throws Exception {
        JsonNode body = JSON.readTree(s.body());
        List<String> lines = new ArrayList<>();
        for (JsonNode r : body.get("Records")) {
            lines.add(new String(Base64.getDecoder().decode(r.get("Data").asText()), StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static LocalEndpoint.Answer allDelivered(LocalEndpoint.Seen s) {
        try {
            int n = JSON.readTree(s.body()).get("Records").size();
            StringBuilder b = new StringBuilder("{\"FailedPutCount\":0,\"Encryption\":false,\"RequestResponses\":[");
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : ",")
                        .append("{\"RecordId\":\"r")
                        .append(i)
                        .append("\"}");
            }
            return LocalEndpoint.Answer.json(200, b.append("]}").toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eventsOfAnInvocationGoInOneSignedPutRecordBatch() throws Exception {
        try (LocalEndpoint server = new LocalEndpoint(FirehoseExposureLogTest::allDelivered)) {
            FirehoseExposureLog firehose = log(server);
            firehose.record(event("u-1", false));
            firehose.record(event("u-2", true));
            assertEquals(0, server.seen().size(), "nothing is sent before the flush");
            firehose.flush();
            firehose.flush(); // nothing buffered: no call

            assertEquals(1, server.seen().size());
            LocalEndpoint.Seen s = server.last();
            assertEquals("POST", s.method());
            assertEquals("/", s.rawPath());
            assertEquals("Firehose_20150804.PutRecordBatch", s.header("X-Amz-Target"));
            assertEquals("application/x-amz-json-1.1", s.header("Content-Type"));
            SignedSageMakerRuntimeTest.assertSigned(s, "firehose", null);
            assertEquals(
                    "cairn-exposures",
                    JSON.readTree(s.body()).get("DeliveryStreamName").asText());
            List<String> lines = decodedRecords(s);
            assertEquals(
                    List.of(
                            event("u-1", false).toJsonLine() + "\n",
                            event("u-2", true).toJsonLine() + "\n"),
                    lines);
            JsonNode first = JSON.readTree(lines.get(0));
            assertEquals("u-1", first.get("unit").asText());
            assertEquals("2026-11-26T09:00:00.123Z", first.get("time").asText());
            assertEquals(2, firehose.sent());
            assertEquals(0, firehose.dropped());
        }
    }

    @Test
    void recordsNamedFailedAreRetriedOnceThenCountedAsDropped() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (LocalEndpoint server = new LocalEndpoint(s -> {
            int n = calls.incrementAndGet();
            // first call: the second record fails; retry: it fails again
            return LocalEndpoint.Answer.json(
                    200,
                    n == 1
                            ? "{\"FailedPutCount\":1,\"RequestResponses\":[{\"RecordId\":\"a\"},"
                                    + "{\"ErrorCode\":\"ServiceUnavailableException\",\"ErrorMessage\":\"slow down\"},{\"RecordId\":\"c\"}]}"
                            : "{\"FailedPutCount\":1,\"RequestResponses\":[{\"ErrorCode\":\"InternalFailure\",\"ErrorMessage\":\"x\"}]}");
        })) {
            FirehoseExposureLog firehose = log(server);
            firehose.record(event("u-1", false));
            firehose.record(event("u-2", false));
            firehose.record(event("u-3", false));
            firehose.flush();
            assertEquals(2, server.seen().size());
            assertEquals(
                    List.of(event("u-2", false).toJsonLine() + "\n"),
                    decodedRecords(server.seen().get(1)));
            assertEquals(2, firehose.sent());
            assertEquals(1, firehose.dropped());
            assertTrue(
                    logBytes.toString(StandardCharsets.UTF_8).contains("1 exposure event(s) not delivered"),
                    logBytes::toString);
        }
    }

    @Test
    void aFailedCallIsRetriedOnceAndNeverThrows() {
        AtomicInteger calls = new AtomicInteger();
        try (LocalEndpoint server = new LocalEndpoint(s -> calls.incrementAndGet() == 1
                ? LocalEndpoint.Answer.json(500, "{\"__type\":\"ServiceUnavailableException\"}")
                : allDelivered(s))) {
            FirehoseExposureLog firehose = log(server);
            firehose.record(event("u-1", false));
            firehose.flush();
            assertEquals(2, calls.get());
            assertEquals(1, firehose.sent());
            assertEquals(0, firehose.dropped());
        }
        try (LocalEndpoint down = new LocalEndpoint(s -> LocalEndpoint.Answer.json(503, "{}"))) {
            FirehoseExposureLog firehose = log(down);
            firehose.record(event("u-1", false));
            firehose.flush();
            assertEquals(2, down.seen().size());
            assertEquals(1, firehose.dropped());
            assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("answered 503"), logBytes::toString);
        }
    }

    @Test
    void aBatchIsSentEarlyAt500Records() throws Exception {
        try (LocalEndpoint server = new LocalEndpoint(FirehoseExposureLogTest::allDelivered)) {
            FirehoseExposureLog firehose = log(server);
            for (int i = 0; i < 501; i++) {
                firehose.record(event("u-" + i, false));
            }
            assertEquals(1, server.seen().size());
            assertEquals(500, decodedRecords(server.last()).size());
            firehose.flush();
            assertEquals(1, decodedRecords(server.last()).size());
            assertEquals(501, firehose.sent());
        }
    }

    @Test
    void aLoneSurrogateReachesTheRecordAsTheReplacementCharacterNotAsAQuestionMark() throws Exception {
        try (LocalEndpoint server = new LocalEndpoint(FirehoseExposureLogTest::allDelivered)) {
            FirehoseExposureLog firehose = log(server);
            firehose.record(event("\ud800", false));
            firehose.record(event("?", false)); // another unit, which the lone surrogate must not become
            firehose.flush();

            List<String> lines = decodedRecords(server.last());
            assertEquals("\uFFFD", JSON.readTree(lines.get(0)).get("unit").asText());
            assertEquals("?", JSON.readTree(lines.get(1)).get("unit").asText());
            assertEquals(0, firehose.dropped());
        }
    }
}
