package dev.cairn.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * What every flow of an environment shares: the datastore, the network, the Batch queues (production
 * branches' apart from development ones'), the step-runner images, the alarm topic and log key
 * ({@link Monitoring}) and (optionally) the Snowflake link. One per account, region and environment;
 * flow stacks reference its constructs.
 *
 * <pre>{@code
 * PlatformStack platform = new PlatformStack(app, "Cairn-Platform", PlatformStack.Props.builder(env,
 *         StepRunnerImages.Props.fromSource(Path.of("."))).build());
 * }</pre>
 */
public final class PlatformStack extends Stack {
    /**
     * The Snowflake link, set up in phases (cdk/DEPLOY.md, "Snowflake link, in order"; see {@link SnowflakeLink}).
     *
     * @param userArn     {@code STORAGE_AWS_IAM_USER_ARN} of {@code DESC INTEGRATION}; null before the integration exists
     * @param externalId  {@code STORAGE_AWS_EXTERNAL_ID} of {@code DESC INTEGRATION}; null with {@code userArn}
     * @param connection  what steps connect with besides the credentials (required; {@link SnowflakeLink.Connection#NONE})
     * @param credentials where the account, user and private key come from and whether they are filled (required)
     */
    public record Snowflake(
            String userArn,
            String externalId,
            SnowflakeLink.Connection connection,
            SnowflakeLink.Credentials credentials) {
        public Snowflake {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(credentials, "credentials");
        }

        /** The link trusting the integration's user, with no connection settings and credentials not filled yet. */
        public Snowflake(String userArn, String externalId) {
            this(userArn, externalId, SnowflakeLink.Connection.NONE, SnowflakeLink.Credentials.PENDING);
        }

        /** The first phase: the role and the secret, before the storage integration exists. */
        public static Snowflake beforeIntegration() {
            return new Snowflake(null, null);
        }
    }

    /**
     * @param env       account and region (required: explicit, so synth never resolves them)
     * @param images    the step-runner images (required)
     * @param datastore default {@link Datastore.Props} defaults
     * @param network   default a new VPC with one NAT gateway
     * @param spot      Spot instances for the Batch environments; default false
     * @param snowflake default null: no Snowflake link
     * @param productionBranches branches whose flows run on the production compute environments and queues (CPU and
     *                  GPU), apart from every other branch's, and read the Snowflake secret; default {@code prod}
     *                  (context {@code productionBranches})
     * @param snowflakeSecretBranches development branches whose jobs also get the Snowflake settings and secret;
     *                  default none (context {@code snowflakeSecretBranches})
     * @param apiGatewayAccountRole default false: leave the account's API Gateway CloudWatch role as it is. True sets
     *                  it (an IAM role and the account-wide {@code AWS::ApiGateway::Account}, both retained when the
     *                  stack is deleted) for an account and region that has none yet: the prediction APIs' stage
     *                  logging needs one. There is one such setting per account and region, so only one stack may
     *                  own it (context {@code apiGatewayAccountRole=true}; cdk/DEPLOY.md)
     * @param alarmEmail default null: the alarm topic has no subscription; an address subscribes it to the topic
     *                  every alarm of the platform's flows and deployments notifies (context {@code alarmEmail})
     */
    public record Props(
            Environment env,
            StepRunnerImages.Props images,
            Datastore.Props datastore,
            Network.Props network,
            boolean spot,
            Snowflake snowflake,
            boolean apiGatewayAccountRole,
            String alarmEmail,
            Set<String> productionBranches,
            Set<String> snowflakeSecretBranches) {
        public Props {
            Objects.requireNonNull(env, "env");
            Objects.requireNonNull(images, "images");
            Objects.requireNonNull(datastore, "datastore");
            Objects.requireNonNull(network, "network");
            productionBranches = Set.copyOf(productionBranches);
            snowflakeSecretBranches = Set.copyOf(snowflakeSecretBranches);
            for (String branch : productionBranches) {
                if (snowflakeSecretBranches.contains(branch)) {
                    throw new IllegalArgumentException(
                            "snowflakeSecretBranches lists development branches that also get "
                                    + "the Snowflake secret; `" + branch
                                    + "` is a production branch, which gets it anyway");
                }
            }
            if (!snowflakeSecretBranches.isEmpty() && snowflake == null) {
                throw new IllegalArgumentException("snowflakeSecretBranches " + snowflakeSecretBranches
                        + " names branches for a Snowflake secret the platform does not have: add -c snowflake=true "
                        + "(cdk/DEPLOY.md, Snowflake link, in order)");
            }
        }

        public static Builder builder(Environment env, StepRunnerImages.Props images) {
            return new Builder(env, images);
        }

        public static final class Builder {
            private final Environment env;
            private final StepRunnerImages.Props images;
            private Datastore.Props datastore = Datastore.Props.builder().build();
            private Network.Props network = Network.Props.builder().build();
            private boolean spot;
            private Snowflake snowflake;
            private boolean apiGatewayAccountRole;
            private String alarmEmail;
            private Set<String> productionBranches = Set.of(DEFAULT_PRODUCTION_BRANCH);
            private Set<String> snowflakeSecretBranches = Set.of();

            private Builder(Environment env, StepRunnerImages.Props images) {
                this.env = env;
                this.images = images;
            }

            public Builder datastore(Datastore.Props v) {
                datastore = v;
                return this;
            }

            public Builder network(Network.Props v) {
                network = v;
                return this;
            }

            public Builder spot(boolean v) {
                spot = v;
                return this;
            }

            public Builder snowflake(Snowflake v) {
                snowflake = v;
                return this;
            }

            public Builder apiGatewayAccountRole(boolean v) {
                apiGatewayAccountRole = v;
                return this;
            }

            public Builder alarmEmail(String v) {
                alarmEmail = v;
                return this;
            }

            public Builder productionBranches(Set<String> v) {
                productionBranches = v;
                return this;
            }

            public Builder snowflakeSecretBranches(Set<String> v) {
                snowflakeSecretBranches = v;
                return this;
            }

            public Props build() {
                return new Props(
                        env,
                        images,
                        datastore,
                        network,
                        spot,
                        snowflake,
                        apiGatewayAccountRole,
                        alarmEmail,
                        productionBranches,
                        snowflakeSecretBranches);
            }
        }
    }

    /** The production branch when none is configured. */
    public static final String DEFAULT_PRODUCTION_BRANCH = "prod";

    private final Props props;
    private final Monitoring monitoring;
    private final Datastore datastore;
    private final Network network;
    private final ComputeQueues developmentQueues;
    private final ComputeQueues productionQueues;
    private final StepRunnerImages images;
    private final SnowflakeLink snowflake;
    private final CfnAccount apiGatewayAccount;

    public PlatformStack(Construct scope, String id, Props props) {
        super(
                scope,
                id,
                StackProps.builder()
                        .env(props.env())
                        .description("Cairn platform: datastore, network, Batch queues, step-runner images")
                        .build());
        this.props = props;
        monitoring = new Monitoring(this, "Monitoring", new Monitoring.Props(props.alarmEmail()));
        datastore = new Datastore(this, "Datastore", props.datastore());
        network = new Network(this, "Network", props.network(), monitoring.logsKey());
        ComputeQueues.Props compute = ComputeQueues.Props.builder(network.vpc())
                .subnets(network.jobSubnets())
                .spot(props.spot())
                .build();
        // production jobs never share an instance with a development job: ECS isolates no task from another on
        // one EC2 host, so a development step could otherwise read a production step's files or credentials
        developmentQueues = new ComputeQueues(this, "Compute", compute);
        productionQueues = new ComputeQueues(this, "ProductionCompute", compute);
        images = new StepRunnerImages(this, "StepRunner", props.images());
        snowflake = props.snowflake() == null ? null : snowflakeLink(props.snowflake());
        apiGatewayAccount = props.apiGatewayAccountRole() ? accountCloudWatchRole() : null;
        CfnOutput.Builder.create(this, "DatastoreBucket")
                .value(datastore.bucketName())
                .build();
        CfnOutput.Builder.create(this, "AlarmTopicArn")
                .value(monitoring.alarmTopic().getTopicArn())
                .description("Every alarm of the platform's flows and deployments notifies this topic; subscribe to it "
                        + "(or deploy with -c alarmEmail=...)")
                .build();
    }

    private SnowflakeLink snowflakeLink(Snowflake settings) {
        SnowflakeLink link = new SnowflakeLink(
                this,
                "Snowflake",
                SnowflakeLink.Props.builder(datastore)
                        .snowflakeUser(settings.userArn(), settings.externalId())
                        .connection(settings.connection())
                        .credentials(settings.credentials())
                        .build());
        // without NAT, ECS on the job instances reaches Secrets Manager for the credentials only through an endpoint
        network.addIsolatedEndpoint("secretsmanager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
        if (network.isolated() && link.credentialsConfigured()) {
            Annotations.of(link)
                    .addWarningV2(
                            "cairn:snowflakeIsolated",
                            "the job subnets have no NAT gateway "
                                    + "(natGateways=0): steps reach Secrets Manager and S3 through endpoints, but Snowflake itself only "
                                    + "through AWS PrivateLink for Snowflake, which this stack does not create");
        }
        CfnOutput.Builder.create(this, "SnowflakeIntegrationRoleArn")
                .value(link.integrationRole().getRoleArn())
                .description(
                        "STORAGE_AWS_ROLE_ARN of the Snowflake storage integration (cairn snowflake setup-sql --role-arn)")
                .build();
        CfnOutput.Builder.create(this, "SnowflakeCredentialsSecretArn")
                .value(link.credentials().getSecretArn())
                .description("Secret of the steps' Snowflake credentials {\"account\", \"user\", \"privateKey\"}")
                .build();
        String next = !link.trustsSnowflake()
                ? "Run the SQL of cairn snowflake setup-sql in Snowflake, then deploy again with -c snowflakeUserArn and "
                        + "-c snowflakeExternalId from DESC INTEGRATION"
                : !link.credentialsConfigured()
                        ? "Put account, user and privateKey into the secret SnowflakeCredentialsSecretArn, then deploy again "
                                + "with -c snowflakeCredentials=configured"
                        : null;
        if (next != null) {
            CfnOutput.Builder.create(this, "SnowflakeNextStep")
                    .value(next)
                    .description("The Snowflake link's next setup step (cdk/DEPLOY.md, Snowflake link, in order)")
                    .build();
        }
        return link;
    }

    /**
     * The role API Gateway writes CloudWatch logs with, set for the whole account and region. Retained: deleting
     * the stack must neither reset the setting nor leave it naming a deleted role, as APIs of other stacks log with it.
     */
    private CfnAccount accountCloudWatchRole() {
        Role role = Role.Builder.create(this, "ApiGatewayCloudWatchRole")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .managedPolicies(List.of(
                        ManagedPolicy.fromAwsManagedPolicyName("service-role/AmazonAPIGatewayPushToCloudWatchLogs")))
                .description(
                        "API Gateway's CloudWatch Logs role for the account and region (execution and access logs)")
                .build();
        role.applyRemovalPolicy(RemovalPolicy.RETAIN);
        CfnAccount account = CfnAccount.Builder.create(this, "ApiGatewayAccount")
                .cloudWatchRoleArn(role.getRoleArn())
                .build();
        account.applyRemovalPolicy(RemovalPolicy.RETAIN);
        NagSuppressions.addResourceSuppressions(
                role,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM4")
                        .reason(
                                "Opt-in apiGatewayAccountRole: API Gateway's account-wide CloudWatch role uses "
                                        + "AmazonAPIGatewayPushToCloudWatchLogs, the policy AWS documents for API Gateway logging")
                        .build()));
        return account;
    }

    public Datastore datastore() {
        return datastore;
    }

    /** The alarm topic and the key of every log group. */
    public Monitoring monitoring() {
        return monitoring;
    }

    public Network network() {
        return network;
    }

    /** Whether {@code branch} is a production branch ({@link Props#productionBranches}). */
    public boolean isProduction(String branch) {
        return props.productionBranches().contains(branch);
    }

    /** The queues a branch's jobs run on: the production ones for a production branch, else the development ones. */
    public ComputeQueues queuesFor(String branch) {
        return isProduction(branch) ? productionQueues : developmentQueues;
    }

    public ComputeQueues developmentQueues() {
        return developmentQueues;
    }

    public ComputeQueues productionQueues() {
        return productionQueues;
    }

    public StepRunnerImages images() {
        return images;
    }
    /** The Snowflake link, or null when the environment has none. */
    public SnowflakeLink snowflake() {
        return snowflake;
    }

    /**
     * The Snowflake link a branch's jobs connect through: the link for a production branch or one listed in
     * {@link Props#snowflakeSecretBranches}; null for any other branch (its steps use the embedded sample), and when
     * the environment has no link.
     */
    public SnowflakeLink snowflakeFor(String branch) {
        return isProduction(branch) || props.snowflakeSecretBranches().contains(branch) ? snowflake : null;
    }
    /** The account's API Gateway CloudWatch role setting, or null unless {@link Props#apiGatewayAccountRole} asked for it. */
    public CfnAccount apiGatewayAccount() {
        return apiGatewayAccount;
    }
}
