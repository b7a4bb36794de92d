package dev.cairn.functions.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs requests with SigV4 (the SDK's {@link AwsV4HttpSigner}, nothing else of the SDK's client stack) and sends
 * them on an {@link SdkHttpClient}. Services without a client jar small enough for a Lambda (SageMaker runtime) are
 * called through this with their documented wire format.
 *
 * <pre>{@code
 * AwsSigner signer = new AwsSigner("eu-west-1", LambdaCredentials.fromEnvironment(System.getenv(), http), http);
 * AwsResponse r = signer.execute("sagemaker", request, body);
 * }</pre>
 */
public final class AwsSigner {

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final String region;
    private final Supplier<? extends AwsCredentialsIdentity> credentials;
    private final SdkHttpClient http;

    public AwsSigner(String region, Supplier<? extends AwsCredentialsIdentity> credentials, SdkHttpClient http) {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("AWS region must be set (env AWS_REGION)");
        }
        this.region = region;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.http = Objects.requireNonNull(http, "http");
    }

    public String region() {
        return region;
    }

    /** The request with SigV4 headers for {@code signingName} (e.g. "sagemaker") in this region; no I/O. */
    public SignedRequest sign(String signingName, SdkHttpFullRequest request, byte[] body) {
        return sign(signingName, request, body, credentials.get());
    }

    /** Signs with the given credentials; used to warm the signer up before a snapshot with dummy ones. */
    public SignedRequest sign(
            String signingName, SdkHttpFullRequest request, byte[] body, AwsCredentialsIdentity identity) {
        SdkHttpFullRequest withLength = request.toBuilder()
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        return SIGNER.sign(r -> r.identity(identity)
                .request(withLength)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    }

    /**
     * Signs and sends the request, reading the whole answer.
     *
     * @throws UncheckedIOException when the service cannot be reached or the answer cannot be read
     */
    public AwsResponse execute(String signingName, SdkHttpFullRequest request, byte[] body) {
        SignedRequest signed = sign(signingName, request, body);
        HttpExecuteRequest call = HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build();
        try {
            HttpExecuteResponse response = http.prepareRequest(call).call();
            byte[] bytes = new byte[0];
            if (response.responseBody().isPresent()) {
                try (InputStream in = response.responseBody().get()) {
                    bytes = in.readAllBytes();
                }
            }
            return new AwsResponse(
                    response.httpResponse().statusCode(),
                    response.httpResponse().headers(),
                    bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "calling " + signingName + " at " + request.getUri() + " failed: " + e.getMessage(), e);
        }
    }
}
