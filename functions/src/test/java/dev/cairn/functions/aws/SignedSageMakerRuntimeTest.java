package dev.cairn.functions.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class SignedSageMakerRuntimeTest {

    static final String REGION = "eu-west-1";
    static final byte[] BODY = "{\"instances\":[[1,2.5,\"a\"]]}".getBytes(StandardCharsets.UTF_8);

    static AwsSigner signer(AwsCredentialsIdentity credentials) {
        SdkHttpClient http = HttpClients.create("url-connection");
        return new AwsSigner(REGION, () -> credentials, http);
    }

    /** Checks what every SigV4 request must carry, for the given signing name. */
    static void assertSigned(LocalEndpoint.Seen s, String signingName, String sessionToken) throws Exception {
        String amzDate = s.header("X-Amz-Date");
        assertTrue(amzDate != null && amzDate.matches("\\d{8}T\\d{6}Z"), amzDate);
        // the scope's date is the signing day, within a minute of now (no flake at midnight)
        String date = amzDate.substring(0, 8);
        assertTrue(
                Duration.between(
                                        LocalDateTime.parse(
                                                        amzDate, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                                                .toInstant(ZoneOffset.UTC),
                                        Instant.now())
                                .abs()
                                .toSeconds()
                        < 60,
                amzDate);
        String auth = s.header("Authorization");
        assertNotNull(auth, "Authorization header");
        String scope = "AWS4-HMAC-SHA256 Credential=AKID/" + date + "/" + REGION + "/" + signingName + "/aws4_request";
        assertTrue(auth.startsWith(scope), auth);
        String signedHeaders = auth.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
        List<String> names = List.of(signedHeaders.split(";"));
        assertTrue(names.contains("host") && names.contains("x-amz-date"), signedHeaders);
        assertTrue(auth.matches(".*Signature=[0-9a-f]{64}$"), auth);
        assertEquals(sessionToken, s.header("X-Amz-Security-Token"));
        if (sessionToken != null) {
            assertTrue(names.contains("x-amz-security-token"), signedHeaders);
        }
        String contentSha = s.header("x-amz-content-sha256");
        if (contentSha != null) {
            assertEquals(
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(s.body())),
                    contentSha);
        }
    }

    @Test
    void invokeEndpointIsASignedPostWithTheContractsHeadersAndBody() throws Exception {
        try (LocalEndpoint server = new LocalEndpoint()) {
            SageMakerRuntime runtime = new SignedSageMakerRuntime(
                    signer(AwsSessionCredentialsIdentity.create("AKID", "SECRET", "TOKEN")), server.uri());
            InvokeResult r = runtime.invokeEndpoint(
                    new InvokeRequest("cairn-demo-churn", "v2", "application/json", "application/json", BODY));

            LocalEndpoint.Seen s = server.last();
            assertEquals("POST", s.method());
            assertEquals("/endpoints/cairn-demo-churn/invocations", s.rawPath());
            assertEquals("application/json", s.header("Content-Type"));
            assertEquals("application/json", s.header("Accept"));
            assertEquals("v2", s.header("X-Amzn-SageMaker-Target-Variant"));
            assertArrayEquals(BODY, s.body());
            assertSigned(s, "sagemaker", "TOKEN");
            assertTrue(
                    s.header("Authorization").contains("x-amzn-sagemaker-target-variant"), "variant header is signed");

            assertEquals(200, r.status());
            assertEquals("v2", r.invokedVariant());
            assertEquals("application/json", r.contentType());
            assertEquals("{\"predictions\":[0.25],\"variant\":\"v2\"}", new String(r.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void endpointNameIsUrlEncodedAndNoVariantHeaderWithoutTarget() throws Exception {
        try (LocalEndpoint server = new LocalEndpoint()) {
            SageMakerRuntime runtime =
                    new SignedSageMakerRuntime(signer(AwsCredentialsIdentity.create("AKID", "SECRET")), server.uri());
            runtime.invokeEndpoint(new InvokeRequest("odd name/x", null, "application/json", "text/csv", BODY));
            LocalEndpoint.Seen s = server.last();
            assertEquals("/endpoints/odd%20name%2Fx/invocations", s.rawPath());
            assertNull(s.header("X-Amzn-SageMaker-Target-Variant"));
            assertEquals("text/csv", s.header("Accept"));
            assertSigned(s, "sagemaker", null);
        }
    }

    @Test
    void anEndpointErrorIsAResultWithItsStatusNotAnException() {
        try (LocalEndpoint server =
                new LocalEndpoint(s -> LocalEndpoint.Answer.json(424, "{\"ErrorCode\":\"ModelError\"}"))) {
            InvokeResult r = new SignedSageMakerRuntime(
                            signer(AwsCredentialsIdentity.create("AKID", "S")), server.uri())
                    .invokeEndpoint(new InvokeRequest("e", "v1", "application/json", "application/json", BODY));
            assertEquals(424, r.status());
            assertEquals("{\"ErrorCode\":\"ModelError\"}", new String(r.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anUnreachableEndpointThrowsNamingTheService() {
        URI closed;
        try (LocalEndpoint server = new LocalEndpoint()) {
            closed = server.uri();
        }
        SageMakerRuntime runtime =
                new SignedSageMakerRuntime(signer(AwsCredentialsIdentity.create("AKID", "S")), closed);
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class,
                () -> runtime.invokeEndpoint(
                        new InvokeRequest("e", "v1", "application/json", "application/json", BODY)));
        assertTrue(e.getMessage().startsWith("calling sagemaker at " + closed), e.getMessage());
    }

    @Test
    void defaultEndpointIsTheRegionalRuntime() {
        assertEquals(
                URI.create("https://runtime.sagemaker.eu-west-1.amazonaws.com"),
                SignedSageMakerRuntime.defaultEndpointUrl("eu-west-1"));
    }

    @Test
    void credentialsComeFromTheEnvironmentOrTheContainerEndpoint() throws Exception {
        SdkHttpClient http = HttpClients.create("url-connection");
        AwsCredentialsIdentity env = LambdaCredentials.fromEnvironment(
                        Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "S", "AWS_SESSION_TOKEN", "T"),
                        http)
                .get();
        assertEquals("T", ((AwsSessionCredentialsIdentity) env).sessionToken());
        try (LocalEndpoint creds = new LocalEndpoint(s -> "Bearer tok".equals(s.header("Authorization"))
                ? LocalEndpoint.Answer.json(
                        200,
                        "{\"AccessKeyId\":\"AK2\",\"SecretAccessKey\":\"S2\",\"Token\":\"T2\","
                                + "\"Expiration\":\"2999-01-01T00:00:00Z\"}")
                : LocalEndpoint.Answer.json(403, "{}"))) {
            LambdaCredentials c = LambdaCredentials.fromEnvironment(
                    Map.of(
                            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                            creds.uri() + "/creds",
                            "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                            "Bearer tok"),
                    http);
            AwsSessionCredentialsIdentity id = (AwsSessionCredentialsIdentity) c.get();
            assertEquals("AK2", id.accessKeyId());
            assertEquals("T2", id.sessionToken());
            c.get();
            assertEquals(1, creds.seen().size(), "cached until shortly before expiry");
        }
        IllegalStateException none = assertThrows(
                IllegalStateException.class,
                () -> LambdaCredentials.fromEnvironment(Map.of(), http).get());
        assertTrue(none.getMessage().contains("AWS_ACCESS_KEY_ID"), none.getMessage());
    }
}
