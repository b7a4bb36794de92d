package dev.cairn.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * Snowflake access both ways: a secret for the key-pair credentials steps connect with, and the IAM
 * role a Snowflake storage integration assumes to read and write the datastore prefixes it exchanges
 * data through. It is set up in phases, because each side needs something only the other one creates
 * (cdk/DEPLOY.md, "Snowflake link, in order"):
 * <ol>
 *   <li>no Snowflake user yet: the role (named {@link #defaultRoleName}, so its ARN is known) trusts only
 *       this account, and the secret holds {@link #PLACEHOLDER}s; jobs get no Snowflake settings;</li>
 *   <li>with the integration's {@code STORAGE_AWS_IAM_USER_ARN} and {@code STORAGE_AWS_EXTERNAL_ID} from
 *       {@code DESC INTEGRATION}: the role trusts that user with that external id;</li>
 *   <li>with {@link Credentials#configured}: jobs get the connection settings and the credentials.</li>
 * </ol>
 *
 * <pre>{@code
 * new SnowflakeLink(this, "Snowflake", SnowflakeLink.Props.builder(datastore)
 *         .snowflakeUser("arn:aws:iam::123456789012:user/abc", "ACME_SFCRole=1_abc=")
 *         .credentials(SnowflakeLink.Credentials.CONFIGURED).build());
 * }</pre>
 */
public final class SnowflakeLink extends Construct {
    /**
     * The value of every field of the secret the link creates, until someone puts the real ones in.
     * The step runner recognizes it ({@code SnowflakeSettings.PLACEHOLDER} in the warehouse module, kept equal by
     * a test) and says which secret to fill instead of failing on an unparsable key.
     */
    public static final String PLACEHOLDER = "REPLACE_ME";

    private static final Pattern USER_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:user/.+");
    private static final Pattern SECRET_ARN =
            Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+-[A-Za-z0-9]{6}");

    /**
     * @param datastore         the datastore the integration reads and writes (required)
     * @param snowflakeUserArn  {@code STORAGE_AWS_IAM_USER_ARN} of {@code DESC INTEGRATION}; default null: the
     *                          integration does not exist yet, the role trusts only this account
     * @param externalId        {@code STORAGE_AWS_EXTERNAL_ID} of {@code DESC INTEGRATION}; required with, and only
     *                          with, {@code snowflakeUserArn}
     * @param prefixes          datastore prefixes the integration reads and writes; default {@code ["snowflake"]}
     * @param connection        role, warehouse, database, schema and storage integration steps use; default none
     * @param credentials       where steps' credentials come from; default {@link Credentials#PENDING}
     * @param roleName          the integration role's name; default {@link #defaultRoleName} of the stack's region
     */
    public record Props(
            Datastore datastore,
            String snowflakeUserArn,
            String externalId,
            List<String> prefixes,
            Connection connection,
            Credentials credentials,
            String roleName) {
        public Props {
            Objects.requireNonNull(datastore, "datastore");
            if (snowflakeUserArn != null && !USER_ARN.matcher(snowflakeUserArn).matches()) {
                throw new IllegalArgumentException("snowflakeUserArn must be the IAM user ARN Snowflake shows as "
                        + "STORAGE_AWS_IAM_USER_ARN in DESC INTEGRATION (arn:aws:iam::<12 digits>:user/...), got "
                        + snowflakeUserArn);
            }
            if (externalId != null && externalId.isBlank()) {
                externalId = null;
            }
            if ((snowflakeUserArn == null) != (externalId == null)) {
                throw new IllegalArgumentException(
                        "the Snowflake link needs both values of DESC INTEGRATION, or neither "
                                + "before the integration exists; missing "
                                + (externalId == null
                                        ? "snowflakeExternalId (STORAGE_AWS_EXTERNAL_ID)"
                                        : "snowflakeUserArn (STORAGE_AWS_IAM_USER_ARN)"));
            }
            prefixes = List.copyOf(prefixes);
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(credentials, "credentials");
        }

        /** True once the role trusts Snowflake's IAM user (phase 2 and later). */
        public boolean trustsSnowflake() {
            return snowflakeUserArn != null;
        }

        public static Builder builder(Datastore datastore) {
            return new Builder(datastore);
        }

        public static final class Builder {
            private final Datastore datastore;
            private String snowflakeUserArn;
            private String externalId;
            private List<String> prefixes = List.of("snowflake");
            private Connection connection = Connection.NONE;
            private Credentials credentials = Credentials.PENDING;
            private String roleName;

            private Builder(Datastore datastore) {
                this.datastore = datastore;
            }

            /** The storage integration's IAM user and external id, from {@code DESC INTEGRATION}. */
            public Builder snowflakeUser(String userArn, String externalId) {
                this.snowflakeUserArn = userArn;
                this.externalId = externalId;
                return this;
            }

            public Builder prefixes(List<String> v) {
                prefixes = v;
                return this;
            }

            public Builder connection(Connection v) {
                connection = v;
                return this;
            }

            public Builder credentials(Credentials v) {
                credentials = v;
                return this;
            }

            public Builder roleName(String v) {
                roleName = v;
                return this;
            }

            public Props build() {
                return new Props(datastore, snowflakeUserArn, externalId, prefixes, connection, credentials, roleName);
            }
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

    /**
     * Where steps' key-pair credentials come from, and whether they are there yet. ECS refuses to start a
     * container whose secret lacks a JSON key it names, so jobs get the Snowflake settings only once the
     * credentials are declared configured: before that every job of every flow would fail.
     *
     * @param secretArn  complete ARN of an existing secret holding {@code {"account", "user", "privateKey"}};
     *                   null: the link creates its own secret, holding {@link #PLACEHOLDER}s until filled
     * @param configured the secret holds the real values: jobs get the Snowflake settings
     */
    public record Credentials(String secretArn, boolean configured) {
        /** The link's own secret, not filled yet (context: neither snowflakeCredentials nor snowflakeSecretArn). */
        public static final Credentials PENDING = new Credentials(null, false);
        /** The link's own secret, filled (context {@code snowflakeCredentials=configured}). */
        public static final Credentials CONFIGURED = new Credentials(null, true);

        public Credentials {
            if (secretArn != null && !SECRET_ARN.matcher(secretArn).matches()) {
                throw new IllegalArgumentException("snowflakeSecretArn must be a secret's complete ARN, with the "
                        + "6-character suffix Secrets Manager appends (aws secretsmanager describe-secret --secret-id <name> "
                        + "--query ARN), got " + secretArn);
            }
            if (secretArn != null && !configured) {
                throw new IllegalArgumentException("an existing Snowflake secret (" + secretArn
                        + ") is used as filled: " + "pass it only once it holds account, user and privateKey");
            }
        }

        /** An existing secret someone filled (context {@code snowflakeSecretArn}); the link creates none. */
        public static Credentials existing(String secretArn) {
            return new Credentials(Objects.requireNonNull(secretArn, "secretArn"), true);
        }
    }

    /** Fields of the credentials secret, and the environment variables a step's job receives them as. */
    static final Map<String, String> SECRET_FIELDS =
            Map.of("SNOWFLAKE_ACCOUNT", "account", "SNOWFLAKE_USER", "user", "SNOWFLAKE_PRIVATE_KEY", "privateKey");

    private final ISecret credentials;
    private final Role integrationRole;
    private final Props props;

    public SnowflakeLink(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        credentials = props.credentials().secretArn() != null
                ? Secret.fromSecretCompleteArn(
                        this, "Credentials", props.credentials().secretArn())
                : placeholderSecret();

        String region = Stack.of(this).getRegion();
        String roleName = props.roleName() != null ? props.roleName() : defaultRoleName(region);
        if (Token.isUnresolved(roleName)) {
            throw new IllegalArgumentException("the Snowflake link's role name must be known at synth (setup-sql and "
                    + "the storage integration name its ARN): give the platform stack an explicit region");
        }
        // Before the integration exists there is no Snowflake user to trust, and a role needs a principal: this
        // account alone, where only identities explicitly allowed sts:AssumeRole on this role could assume it.
        IPrincipal trusted = props.trustsSnowflake()
                ? new ArnPrincipal(props.snowflakeUserArn())
                        .withConditions(Map.of("StringEquals", Map.of("sts:ExternalId", props.externalId())))
                : new AccountRootPrincipal();
        integrationRole = Role.Builder.create(this, "IntegrationRole")
                .roleName(roleName) // fixed, so the integration's STORAGE_AWS_ROLE_ARN is known before the first deploy
                .assumedBy(trusted)
                .description(
                        props.trustsSnowflake()
                                ? "Assumed by the Snowflake storage integration"
                                : "For the Snowflake storage integration; trusts only this account until its IAM user is known")
                .build();
        props.prefixes().forEach(p -> props.datastore().grantFlowReadWrite(integrationRole, p));
        // Snowflake's documented S3 permissions for a storage integration include the bucket's location
        integrationRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetBucketLocation"))
                .resources(List.of(props.datastore().bucket().getBucketArn()))
                .build());
        NagSuppressions.addResourceSuppressions(
                integrationRole,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason(
                                "Object access is scoped to the integration's datastore prefixes (prefix/*), the narrowest S3 allows")
                        .build()),
                true);
    }

    /** The role name a region's platform gives the integration role: IAM names are per account, so the region is in it. */
    public static String defaultRoleName(String region) {
        return "cairn-snowflake-" + region;
    }

    /**
     * The secret the link creates: valid JSON with every field, so that ECS could inject it even before someone
     * fills it. Its template value never changes: a changed value would make CloudFormation overwrite the
     * credentials put in after deploy.
     */
    private Secret placeholderSecret() {
        Map<String, SecretValue> fields = new TreeMap<>();
        SECRET_FIELDS.values().forEach(f -> fields.put(f, SecretValue.unsafePlainText(PLACEHOLDER))); // not a secret
        Secret secret = Secret.Builder.create(this, "Credentials")
                .description("Snowflake key-pair credentials {\"account\", \"user\", \"privateKey\"} of Cairn's steps; "
                        + "created holding " + PLACEHOLDER
                        + ": put the real values, then deploy with -c snowflakeCredentials=configured")
                .secretObjectValue(fields)
                .build();
        NagSuppressions.addResourceSuppressions(
                secret,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-SMG4")
                        .reason(
                                "Key-pair credentials rotate in Snowflake (ALTER USER SET RSA_PUBLIC_KEY_2); a Secrets Manager "
                                        + "rotation Lambda cannot register the new public key")
                        .build()));
        return secret;
    }

    /** True once jobs get the Snowflake settings: the credentials are declared filled. */
    public boolean credentialsConfigured() {
        return props.credentials().configured();
    }

    /** True once the integration role trusts Snowflake's IAM user. */
    public boolean trustsSnowflake() {
        return props.trustsSnowflake();
    }

    /**
     * Environment a Batch job needs to connect: the connection settings; empty until the credentials are
     * configured, so that steps keep using their embedded warehouse instead of half a Snowflake setting.
     */
    public Map<String, String> jobEnvironment() {
        return credentialsConfigured() ? props.connection().environment() : Map.of();
    }

    /**
     * The credentials as Batch job secrets (injected by ECS at container start, never in the job
     * definition); the CDK grants the job's execution role read access to the secret. Empty until the
     * credentials are configured: ECS fails a container whose secret lacks one of these keys.
     */
    public Map<String, software.amazon.awscdk.services.batch.Secret> jobSecrets() {
        Map<String, software.amazon.awscdk.services.batch.Secret> secrets = new TreeMap<>();
        if (credentialsConfigured()) {
            SECRET_FIELDS.forEach((env, field) -> secrets.put(
                    env, software.amazon.awscdk.services.batch.Secret.fromSecretsManager(credentials, field)));
        }
        return secrets;
    }

    public ISecret credentials() {
        return credentials;
    }

    public IRole integrationRole() {
        return integrationRole;
    }
}
