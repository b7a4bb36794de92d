package dev.cairn.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * Snowflake access both ways: a secret for the key-pair credentials steps connect with, and the IAM
 * role a Snowflake storage integration assumes (trusting Snowflake's IAM user with the integration's
 * external id) to read and write the datastore prefixes it exchanges data through.
 *
 * <pre>{@code
 * new SnowflakeLink(this, "Snowflake", SnowflakeLink.Props.builder(datastore,
 *         "arn:aws:iam::123456789012:user/abc", "ACME_SFCRole=1_abc=").build());
 * }</pre>
 */
public final class SnowflakeLink extends Construct {
    /**
     * @param datastore         the datastore the integration reads and writes (required)
     * @param snowflakeUserArn  {@code STORAGE_AWS_IAM_USER_ARN} of {@code DESC INTEGRATION} (required)
     * @param externalId        {@code STORAGE_AWS_EXTERNAL_ID} of {@code DESC INTEGRATION} (required)
     * @param prefixes          datastore prefixes the integration reads and writes; default {@code ["snowflake"]}
     */
    public record Props(Datastore datastore, String snowflakeUserArn, String externalId, List<String> prefixes) {
        public Props {
            Objects.requireNonNull(datastore, "datastore");
            if (snowflakeUserArn == null || !snowflakeUserArn.startsWith("arn:aws:iam::")) {
                throw new IllegalArgumentException("snowflakeUserArn must be the IAM user ARN Snowflake shows as "
                        + "STORAGE_AWS_IAM_USER_ARN (arn:aws:iam::...), got " + snowflakeUserArn);
            }
            if (externalId == null || externalId.isBlank()) {
                throw new IllegalArgumentException("externalId is required: the storage integration's STORAGE_AWS_EXTERNAL_ID");
            }
            prefixes = List.copyOf(prefixes);
        }

        public static Builder builder(Datastore datastore, String snowflakeUserArn, String externalId) {
            return new Builder(datastore, snowflakeUserArn, externalId);
        }

        public static final class Builder {
            private final Datastore datastore;
            private final String snowflakeUserArn;
            private final String externalId;
            private List<String> prefixes = List.of("snowflake");

            private Builder(Datastore datastore, String snowflakeUserArn, String externalId) {
                this.datastore = datastore;
                this.snowflakeUserArn = snowflakeUserArn;
                this.externalId = externalId;
            }

            public Builder prefixes(List<String> v) { prefixes = v; return this; }
            public Props build() { return new Props(datastore, snowflakeUserArn, externalId, prefixes); }
        }
    }

    private final Secret credentials;
    private final Role integrationRole;

    public SnowflakeLink(Construct scope, String id, Props props) {
        super(scope, id);
        credentials = Secret.Builder.create(this, "Credentials")
                .description("Snowflake key-pair credentials: {\"account\", \"user\", \"privateKey\"}; set the value after deploy")
                .build();
        NagSuppressions.addResourceSuppressions(credentials, List.of(NagPackSuppression.builder().id("AwsSolutions-SMG4")
                .reason("Key-pair credentials rotate in Snowflake (ALTER USER SET RSA_PUBLIC_KEY_2); a Secrets Manager "
                        + "rotation Lambda cannot register the new public key").build()));
        integrationRole = Role.Builder.create(this, "IntegrationRole")
                .assumedBy(new ArnPrincipal(props.snowflakeUserArn())
                        .withConditions(Map.of("StringEquals", Map.of("sts:ExternalId", props.externalId()))))
                .description("Assumed by the Snowflake storage integration")
                .build();
        props.prefixes().forEach(p -> props.datastore().grantFlowReadWrite(integrationRole, p));
        NagSuppressions.addResourceSuppressions(integrationRole, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("Object access is scoped to the integration's datastore prefixes (prefix/*), the narrowest S3 allows")
                .build()), true);
    }

    public ISecret credentials() {
        return credentials;
    }

    public IRole integrationRole() {
        return integrationRole;
    }
}
