package dev.cairn.runtime.aws;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Region and credentials of the AWS clients Cairn makes, read from an environment map (the process's, or a test's). */
public final class AwsEnvironment {
    private AwsEnvironment() {}

    /** {@code $AWS_REGION}, else {@code $AWS_DEFAULT_REGION}, else us-east-1 (as the S3 datastore does). */
    public static Region region(Map<String, String> env) {
        for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return Region.of(v.trim());
            }
        }
        return Region.US_EAST_1;
    }

    /**
     * Keys from {@code $AWS_ACCESS_KEY_ID}/{@code $AWS_SECRET_ACCESS_KEY} (and {@code $AWS_SESSION_TOKEN}) of
     * {@code env} when it has them, else the SDK's default provider chain (profiles, SSO, instance roles...).
     */
    public static AwsCredentialsProvider credentials(Map<String, String> env) {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String token = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token == null || token.isBlank()
                ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token));
    }
}
