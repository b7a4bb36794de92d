package dev.cairn.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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
     * @param connection        role, warehouse, database, schema and storage integration steps use; default none
     */
    public record Props(Datastore datastore, String snowflakeUserArn, String externalId, List<String> prefixes,
                        Connection connection) {
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
            Objects.requireNonNull(connection, "connection");
        }

        public static Builder builder(Datastore datastore, String snowflakeUserArn, String externalId) {
            return new Builder(datastore, snowflakeUserArn, externalId);
        }

        public static final class Builder {
            private final Datastore datastore;
            private final String snowflakeUserArn;
            private final String externalId;
            private List<String> prefixes = List.of("snowflake");
            private Connection connection = Connection.NONE;

            private Builder(Datastore datastore, String snowflakeUserArn, String externalId) {
                this.datastore = datastore;
                this.snowflakeUserArn = snowflakeUserArn;
                this.externalId = externalId;
            }

            public Builder prefixes(List<String> v) { prefixes = v; return this; }
            public Builder connection(Connection v) { connection = v; return this; }
            public Props build() { return new Props(datastore, snowflakeUserArn, externalId, prefixes, connection); }
        }
    }

    /**
     * The non-secret connection settings a step reads from its environment (SNOWFLAKE_ROLE, ...,
     * SNOWFLAKE_STORAGE_INTEGRATION); null ones are left out.
     */
    public record Connection(String role, String warehouse, String database, String schema, String storageIntegration) {
        public static final Connection NONE = new Connection(null, null, null, null, null);

        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            putIfSet(env, "SNOWFLAKE_ROLE", role);
            putIfSet(env, "SNOWFLAKE_WAREHOUSE", warehouse);
            putIfSet(env, "SNOWFLAKE_DATABASE", database);
            putIfSet(env, "SNOWFLAKE_SCHEMA", schema);
            putIfSet(env, "SNOWFLAKE_STORAGE_INTEGRATION", storageIntegration);
            return env;
        }

        private static void putIfSet(Map<String, String> env, String name, String value) {
            if (value != null && !value.isBlank()) {
                env.put(name, value.trim());
            }
        }
    }

    /** Fields of the credentials secret, and the environment variables a step's job receives them as. */
    static final Map<String, String> SECRET_FIELDS = Map.of(
            "SNOWFLAKE_ACCOUNT", "account", "SNOWFLAKE_USER", "user", "SNOWFLAKE_PRIVATE_KEY", "privateKey");

    private final Secret credentials;
    private final Role integrationRole;
    private final Connection connection;

    public SnowflakeLink(Construct scope, String id, Props props) {
        super(scope, id);
        connection = props.connection();
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

    /** Environment a Batch job needs to connect: the connection settings. */
    public Map<String, String> jobEnvironment() {
        return connection.environment();
    }

    /**
     * The credentials as Batch job secrets (injected by ECS at container start, never in the job
     * definition); the CDK grants the job's execution role read access to the secret.
     */
    public Map<String, software.amazon.awscdk.services.batch.Secret> jobSecrets() {
        Map<String, software.amazon.awscdk.services.batch.Secret> secrets = new TreeMap<>();
        SECRET_FIELDS.forEach((env, field) ->
                secrets.put(env, software.amazon.awscdk.services.batch.Secret.fromSecretsManager(credentials, field)));
        return secrets;
    }

    public ISecret credentials() {
        return credentials;
    }

    public IRole integrationRole() {
        return integrationRole;
    }
}
