package dev.cairn.functions.aws;

import dev.cairn.router.config.json.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The Lambda function's role credentials without the SDK's provider chain: the environment variables
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN when set, else the container credentials endpoint
 * (AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN or ..._TOKEN_FILE), which is what a
 * SnapStart function gets instead of the variables. Endpoint credentials are cached until 5 minutes before they
 * expire; nothing is fetched before the first signed call, so a snapshot holds no credentials.
 */
public final class LambdaCredentials implements Supplier<AwsCredentialsIdentity> {

    /** Refresh endpoint credentials this long before they expire. */
    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private final Map<String, String> env;
    private final SdkHttpClient http;
    private final Clock clock;
    private AwsCredentialsIdentity cached;
    private Instant cachedUntil = Instant.MIN;

    public LambdaCredentials(Map<String, String> env, SdkHttpClient http, Clock clock) {
        this.env = Map.copyOf(env);
        this.http = http;
        this.clock = clock;
    }

    public static LambdaCredentials fromEnvironment(Map<String, String> env, SdkHttpClient http) {
        return new LambdaCredentials(env, http, Clock.systemUTC());
    }

    @Override
    public synchronized AwsCredentialsIdentity get() {
        String keyId = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (notBlank(keyId) && notBlank(secret)) {
            String token = env.get("AWS_SESSION_TOKEN");
            return notBlank(token)
                    ? AwsSessionCredentialsIdentity.create(keyId, secret, token)
                    : AwsCredentialsIdentity.create(keyId, secret);
        }
        String uri = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        if (!notBlank(uri)) {
            throw new IllegalStateException("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                    + "(and AWS_SESSION_TOKEN), or AWS_CONTAINER_CREDENTIALS_FULL_URI as Lambda does");
        }
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(cachedUntil)) {
            fetch(URI.create(uri));
        }
        return cached;
    }

    private void fetch(URI uri) {
        SdkHttpFullRequest.Builder request =
                SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).uri(uri);
        String token = authorizationToken();
        if (token != null) {
            request.putHeader("Authorization", token);
        }
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                            .request(request.build())
                            .build())
                    .call();
            byte[] body = new byte[0];
            if (response.responseBody().isPresent()) {
                try (InputStream in = response.responseBody().get()) {
                    body = in.readAllBytes();
                }
            }
            if (!response.httpResponse().isSuccessful()) {
                throw new IllegalStateException("container credentials endpoint " + uri + " answered "
                        + response.httpResponse().statusCode());
            }
            if (!(JsonTree.read(body) instanceof Map<?, ?> json)
                    || !(json.get("AccessKeyId") instanceof String keyId)
                    || !(json.get("SecretAccessKey") instanceof String secret)) {
                throw new IllegalStateException(
                        "container credentials endpoint " + uri + " answered without AccessKeyId/SecretAccessKey");
            }
            cached = json.get("Token") instanceof String t
                    ? AwsSessionCredentialsIdentity.create(keyId, secret, t)
                    : AwsCredentialsIdentity.create(keyId, secret);
            cachedUntil = json.get("Expiration") instanceof String exp
                    ? Instant.parse(exp).minus(REFRESH_MARGIN)
                    : clock.instant().plus(REFRESH_MARGIN);
        } catch (IOException e) {
            throw new UncheckedIOException("reading credentials from " + uri + " failed: " + e.getMessage(), e);
        }
    }

    private String authorizationToken() {
        String token = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        if (notBlank(token)) {
            return token;
        }
        String file = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
        if (notBlank(file)) {
            try {
                return Files.readString(Path.of(file)).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("reading AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + file + " failed", e);
            }
        }
        return null;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
