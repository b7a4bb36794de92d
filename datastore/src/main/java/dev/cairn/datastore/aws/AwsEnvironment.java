package dev.cairn.datastore.aws;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** Region and credentials of the AWS clients Cairn makes, read from an environment map (the process's, or a test's). */
public final class AwsEnvironment {
    private AwsEnvironment() {}

    /**
     * {@code $AWS_REGION}, else {@code $AWS_DEFAULT_REGION} of {@code env}, else the SDK's region chain (the
     * {@code aws.region} system property, the profile's region, the instance's or container's metadata).
     * No guess: a client signing for the wrong region fails every call, far from the cause.
     *
     * @throws IllegalStateException if no region is set anywhere, naming how to set one
     */
    public static Region region(Map<String, String> env) {
        for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return Region.of(v.trim());
            }
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new IllegalStateException(
                    "no AWS region: set AWS_REGION (or a region in your AWS profile); " + e.getMessage(), e);
        }
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
        return StaticCredentialsProvider.create(
                token == null || token.isBlank()
                        ? AwsBasicCredentials.create(id, secret)
                        : AwsSessionCredentials.create(id, secret, token));
    }
}
