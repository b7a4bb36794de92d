package dev.cairn.functions.aws;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cairn.router.config.json.JsonTree;
import dev.cairn.router.config.json.StrictJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * Exposure events to a Kinesis Data Firehose delivery stream with PutRecordBatch (AWS JSON 1.1 over
 * {@link AwsSigner}, signing name {@value #SIGNING_NAME}); one record per event: its JSON line and a line break.
 * Events are buffered and sent in one call at the end of the invocation ({@link #flush()}), or earlier when a batch
 * is full ({@value #MAX_BATCH_RECORDS} records / {@value #MAX_BATCH_BYTES} bytes). A failed call, or the records the
 * answer names as failed (FailedPutCount), are retried once; what still fails is counted in {@link #dropped()} and
 * logged, never thrown: exposure logging must not fail a prediction.
 */
public final class FirehoseExposureLog implements ExposureLog {

    public static final String SIGNING_NAME = "firehose";
    public static final String TARGET = "Firehose_20150804.PutRecordBatch";
    /** PutRecordBatch limit: records per call. */
    public static final int MAX_BATCH_RECORDS = 500;
    /** PutRecordBatch limit: 4 MiB per call (counted here on the encoded request, which is larger). */
    public static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;
    /** Per record overhead of the request JSON ({"Data":"..."},) counted against the batch limit. */
    private static final int RECORD_OVERHEAD = 16;
    /** Room for the envelope ({"DeliveryStreamName": ..., "Records": [...]}). */
    private static final int ENVELOPE_BYTES = 1024;

    private final AwsSigner signer;
    private final URI endpoint;
    private final String streamName;
    private final PrintStream log;
    private final List<byte[]> buffer = new ArrayList<>();
    private int bufferedBytes;
    private long sent;
    private long dropped;

    /**
     * @param endpoint e.g. https://firehose.eu-west-1.amazonaws.com ({@link #defaultEndpoint(String)})
     * @param log where failures are reported (the function's log)
     */
    public FirehoseExposureLog(AwsSigner signer, URI endpoint, String streamName, PrintStream log) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (streamName == null || streamName.isBlank()) {
            throw new IllegalArgumentException("Firehose delivery stream name must be set (env CAIRN_EXPOSURE_STREAM)");
        }
        this.streamName = streamName;
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The regional Firehose endpoint. */
    public static URI defaultEndpoint(String region) {
        return URI.create("https://firehose." + region + ".amazonaws.com");
    }

    @Override
    public synchronized void record(ExposureEvent event) {
        byte[] data = (event.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8);
        int size = encodedSize(data);
        if (buffer.size() >= MAX_BATCH_RECORDS || ENVELOPE_BYTES + bufferedBytes + size > MAX_BATCH_BYTES) {
            flush();
        }
        buffer.add(data);
        bufferedBytes += size;
    }

    @Override
    public synchronized void flush() {
        if (buffer.isEmpty()) {
            return;
        }
        List<byte[]> batch = new ArrayList<>(buffer);
        buffer.clear();
        bufferedBytes = 0;
        List<byte[]> failed = put(batch);
        if (!failed.isEmpty()) {
            failed = put(failed);
        }
        sent += batch.size() - failed.size();
        if (!failed.isEmpty()) {
            dropped += failed.size();
            log.println("cairn router: " + failed.size() + " exposure event(s) not delivered to Firehose stream "
                    + streamName + " after a retry (" + dropped + " dropped so far)");
        }
    }

    /** Events delivered so far. */
    public synchronized long sent() {
        return sent;
    }

    /** Events given up on so far. */
    @Override
    public synchronized long dropped() {
        return dropped;
    }

    /** Sends one batch; answers the records that failed (all of them when the call failed). */
    private List<byte[]> put(List<byte[]> records) {
        try {
            SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                    .method(SdkHttpMethod.POST)
                    .uri(endpoint.resolve("/"))
                    .putHeader("X-Amz-Target", TARGET)
                    .putHeader("Content-Type", "application/x-amz-json-1.1")
                    .build();
            AwsResponse r = signer.execute(SIGNING_NAME, request, body(records));
            if (!r.successful()) {
                log.println("cairn router: Firehose PutRecordBatch to " + streamName + " answered " + r.status() + ": "
                        + new String(r.body(), 0, Math.min(r.body().length, 300), StandardCharsets.UTF_8));
                return records;
            }
            return failedRecords(records, r.body());
        } catch (RuntimeException e) {
            log.println("cairn router: Firehose PutRecordBatch to " + streamName + " failed: " + e);
            return records;
        }
    }

    private byte[] body(List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ENVELOPE_BYTES + bufferedBytesOf(records));
        try (JsonGenerator g = StrictJson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("DeliveryStreamName", streamName);
            g.writeArrayFieldStart("Records");
            Base64.Encoder base64 = Base64.getEncoder();
            for (byte[] data : records) {
                g.writeStartObject();
                g.writeStringField("Data", base64.encodeToString(data));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory output does not fail
        }
        return out.toByteArray();
    }

    /** The records whose RequestResponses entry has an ErrorCode; none when FailedPutCount is 0. */
    private List<byte[]> failedRecords(List<byte[]> records, byte[] answer) {
        try {
            if (!(JsonTree.read(answer) instanceof Map<?, ?> json)) {
                return List.of();
            }
            if (!(json.get("FailedPutCount") instanceof Number n) || n.intValue() == 0) {
                return List.of();
            }
            List<byte[]> failed = new ArrayList<>();
            if (json.get("RequestResponses") instanceof List<?> responses && responses.size() == records.size()) {
                for (int i = 0; i < responses.size(); i++) {
                    if (responses.get(i) instanceof Map<?, ?> entry && entry.get("ErrorCode") != null) {
                        failed.add(records.get(i));
                    }
                }
                return failed;
            }
            return records; // failures we cannot attribute: retry them all
        } catch (IOException e) {
            log.println("cairn router: unreadable Firehose answer (" + e.getMessage() + "); assuming it was delivered");
            return List.of();
        }
    }

    private static int encodedSize(byte[] data) {
        return (data.length + 2) / 3 * 4 + RECORD_OVERHEAD;
    }

    private static int bufferedBytesOf(List<byte[]> records) {
        int n = 0;
        for (byte[] r : records) {
            n += encodedSize(r);
        }
        return n;
    }
}
