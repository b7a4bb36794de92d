package dev.cairn.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Where the Batch jobs run: a new VPC with private subnets, or an existing one by id. No lookups:
 * an existing VPC comes with its availability zones and private subnet ids, so synth stays offline.
 *
 * <pre>{@code
 * new Network(this, "Network", Network.Props.builder().build());                       // new VPC, one NAT
 * new Network(this, "Network", Network.Props.builder().vpcId("vpc-1").availabilityZones(azs)
 *         .privateSubnetIds(subnets).build());                                          // existing VPC
 * }</pre>
 */
public final class Network extends Construct {
    /** Interface endpoints an isolated subnet needs for Batch on ECS: agent registration, images, logs. */
    static final List<InterfaceVpcEndpointAwsService> ISOLATED_ENDPOINTS = List.of(
            InterfaceVpcEndpointAwsService.ECR, InterfaceVpcEndpointAwsService.ECR_DOCKER,
            InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, InterfaceVpcEndpointAwsService.ECS,
            InterfaceVpcEndpointAwsService.ECS_AGENT, InterfaceVpcEndpointAwsService.ECS_TELEMETRY);

    /**
     * @param vpcId             an existing VPC; default null: a new VPC
     * @param availabilityZones the existing VPC's zones (required with {@code vpcId})
     * @param privateSubnetIds  the existing VPC's private subnets, one per zone (required with {@code vpcId})
     * @param maxAzs            zones of a new VPC; default 2
     * @param natGateways       NAT gateways of a new VPC; default 1. 0 makes the subnets isolated and adds
     *                          interface endpoints for ECR, ECS and CloudWatch Logs (no internet from steps), and
     *                          for Secrets Manager with a Snowflake link ({@link #addIsolatedEndpoint})
     */
    public record Props(
            String vpcId, List<String> availabilityZones, List<String> privateSubnetIds, int maxAzs, int natGateways) {
        public Props {
            availabilityZones = List.copyOf(availabilityZones);
            privateSubnetIds = List.copyOf(privateSubnetIds);
            if (vpcId != null && (availabilityZones.isEmpty() || availabilityZones.size() != privateSubnetIds.size())) {
                throw new IllegalArgumentException(
                        "an existing VPC (" + vpcId + ") needs its availability zones and one private "
                                + "subnet id per zone (context vpcAzs, vpcPrivateSubnetIds): synth does no lookups; got "
                                + availabilityZones.size() + " zones and " + privateSubnetIds.size() + " subnets");
            }
            if (maxAzs < 1 || natGateways < 0 || natGateways > maxAzs) {
                throw new IllegalArgumentException("a new VPC needs 1..n zones and 0..zones NAT gateways, got " + maxAzs
                        + " zones and " + natGateways + " NAT gateways");
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String vpcId;
            private List<String> availabilityZones = List.of();
            private List<String> privateSubnetIds = List.of();
            private int maxAzs = 2;
            private int natGateways = 1;

            public Builder vpcId(String v) {
                vpcId = v;
                return this;
            }

            public Builder availabilityZones(List<String> v) {
                availabilityZones = v;
                return this;
            }

            public Builder privateSubnetIds(List<String> v) {
                privateSubnetIds = v;
                return this;
            }

            public Builder maxAzs(int v) {
                maxAzs = v;
                return this;
            }

            public Builder natGateways(int v) {
                natGateways = v;
                return this;
            }

            public Props build() {
                return new Props(vpcId, availabilityZones, privateSubnetIds, maxAzs, natGateways);
            }
        }
    }

    private final IVpc vpc;
    private final SubnetSelection jobSubnets;
    /** The new VPC when its job subnets are isolated (no NAT), else null: endpoints are added only to it. */
    private final Vpc isolatedVpc;

    /** A network whose flow log group (a new VPC's) is not encrypted with a key of ours. */
    public Network(Construct scope, String id, Props props) {
        this(scope, id, props, null);
    }

    /** @param logsKey the key of the new VPC's flow log group; null: CloudWatch Logs' own encryption */
    public Network(Construct scope, String id, Props props, IKey logsKey) {
        super(scope, id);
        if (props.vpcId() != null) {
            vpc = Vpc.fromVpcAttributes(
                    this,
                    "Vpc",
                    VpcAttributes.builder()
                            .vpcId(props.vpcId())
                            .availabilityZones(props.availabilityZones())
                            .privateSubnetIds(props.privateSubnetIds())
                            .build());
            jobSubnets = SubnetSelection.builder()
                    .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                    .build();
            isolatedVpc = null;
            return;
        }
        boolean isolated = props.natGateways() == 0;
        SubnetType privateType = isolated ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS;
        List<SubnetConfiguration> subnets = isolated
                ? List.of(SubnetConfiguration.builder()
                        .name("jobs")
                        .subnetType(privateType)
                        .cidrMask(20)
                        .build())
                : List.of(
                        SubnetConfiguration.builder()
                                .name("public")
                                .subnetType(SubnetType.PUBLIC)
                                // only the NAT gateway lives here, with its own Elastic IP: nothing else gets a public
                                // IP
                                .mapPublicIpOnLaunch(false)
                                .cidrMask(24)
                                .build(),
                        SubnetConfiguration.builder()
                                .name("jobs")
                                .subnetType(privateType)
                                .cidrMask(20)
                                .build());
        Vpc created = Vpc.Builder.create(this, "Vpc")
                .maxAzs(props.maxAzs())
                .natGateways(props.natGateways())
                .subnetConfiguration(subnets)
                .build();
        created.addFlowLog(
                "FlowLog",
                FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(LogGroup.Builder.create(this, "FlowLogs")
                                .encryptionKey(logsKey)
                                .retention(RetentionDays.TWO_YEARS) // what the flow log's own group kept
                                .build()))
                        .trafficType(FlowLogTrafficType.REJECT)
                        .build());
        jobSubnets = SubnetSelection.builder().subnetType(privateType).build();
        created.addGatewayEndpoint(
                "S3",
                GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3)
                        .subnets(List.of(jobSubnets))
                        .build());
        vpc = created;
        isolatedVpc = isolated ? created : null;
        ISOLATED_ENDPOINTS.forEach(s -> addIsolatedEndpoint(s.getShortName().replace(".", "-"), s));
    }

    /**
     * Adds an interface endpoint with private DNS (the services' usual host names resolve to it) to the job
     * subnets when they are isolated, the only way they reach {@code service}; with a NAT gateway or an
     * existing VPC, a no-op (an existing VPC's routes are its owner's).
     */
    public void addIsolatedEndpoint(String id, InterfaceVpcEndpointAwsService service) {
        if (isolatedVpc != null) {
            InterfaceVpcEndpoint endpoint = isolatedVpc.addInterfaceEndpoint(
                    id,
                    InterfaceVpcEndpointOptions.builder()
                            .service(service)
                            .privateDnsEnabled(true)
                            .subnets(jobSubnets)
                            .build());
            NagSuppressions.addResourceSuppressions(
                    endpoint,
                    List.of(NagPackSuppression.builder()
                            .id("CdkNagValidationFailure")
                            .reason(
                                    "AwsSolutions-EC23 cannot read the endpoint's ingress at synth: HTTPS from the VPC's own CIDR "
                                            + "(an Fn::GetAtt of the VPC), never 0.0.0.0/0")
                            .build()),
                    true);
        }
    }

    /** True when the job subnets are a new VPC's isolated ones: no route out but the endpoints. */
    public boolean isolated() {
        return isolatedVpc != null;
    }

    public IVpc vpc() {
        return vpc;
    }

    /** The subnets Batch instances run in. */
    public SubnetSelection jobSubnets() {
        return jobSubnets;
    }
}
