package dev.cairn.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.services.batch.CfnComputeEnvironment;
import software.amazon.awscdk.services.batch.DefaultInstanceClass;
import software.amazon.awscdk.services.batch.IJobQueue;
import software.amazon.awscdk.services.batch.JobQueue;
import software.amazon.awscdk.services.batch.ManagedEc2EcsComputeEnvironment;
import software.amazon.awscdk.services.batch.OrderedComputeEnvironment;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.LaunchTemplateHttpTokens;
import software.amazon.awscdk.services.ec2.MultipartBody;
import software.amazon.awscdk.services.ec2.MultipartUserData;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.UserData;
import software.constructs.Construct;

/**
 * The AWS Batch queues steps run on: a CPU queue (Batch's default x86_64 instance classes) and a GPU queue (g5/g6
 * by default, the ECS GPU-optimized AMI). Both scale to zero: no instance runs while no job waits.
 *
 * <pre>{@code
 * ComputeQueues q = new ComputeQueues(this, "Compute", ComputeQueues.Props.builder(network.vpc()).spot(true).build());
 * }</pre>
 */
public final class ComputeQueues extends Construct {
    /** Batch's ECS-optimized Amazon Linux 2023 image with the NVIDIA driver, for the GPU environment. */
    static final String GPU_IMAGE_TYPE = "ECS_AL2023_NVIDIA";
    /** AWS Batch caps a managed compute environment's maxvCpus well above this; it bounds the bill of a runaway foreach. */
    public static final int DEFAULT_MAX_CPU_VCPUS = 256;

    public static final int DEFAULT_MAX_GPU_VCPUS = 64;
    /** The instance metadata service's address, which holds the instance role's credentials. */
    static final String INSTANCE_METADATA_ADDRESS = "169.254.169.254";
    /**
     * Batch runs ECS-EC2 jobs in host network mode, where a container's requests to the metadata service leave
     * from the instance's own network stack: the IMDSv2 hop limit does not stop them. This rule drops them for
     * every process that is not root, which the step-runner images never are (USER cairn, uid 10001); the ECS
     * agent, ecs-init and Docker run as root and keep using the instance role. Jobs get their own credentials
     * from the ECS agent's task role endpoint (169.254.170.2), which the rule leaves alone.
     */
    static final String BLOCK_METADATA_FOR_CONTAINERS = "iptables --insert OUTPUT 1 --protocol tcp --destination "
            + INSTANCE_METADATA_ADDRESS + " --match owner ! --uid-owner 0 --jump REJECT";

    /**
     * @param vpc                where the instances run (required)
     * @param subnets            default the VPC's private subnets
     * @param maxCpuVcpus        ceiling of the CPU environment; default {@value #DEFAULT_MAX_CPU_VCPUS}
     * @param maxGpuVcpus        ceiling of the GPU environment; default {@value #DEFAULT_MAX_GPU_VCPUS}
     * @param gpuInstanceClasses default g5 and g6
     * @param spot               Spot instances for both environments; default false (jobs are not interrupted)
     */
    public record Props(
            IVpc vpc,
            SubnetSelection subnets,
            int maxCpuVcpus,
            int maxGpuVcpus,
            List<InstanceClass> gpuInstanceClasses,
            boolean spot) {
        public Props {
            Objects.requireNonNull(vpc, "vpc");
            gpuInstanceClasses = List.copyOf(gpuInstanceClasses);
            if (maxCpuVcpus < 1 || maxGpuVcpus < 1) {
                throw new IllegalArgumentException(
                        "maxvCpus must be at least 1, got cpu " + maxCpuVcpus + ", gpu " + maxGpuVcpus);
            }
            if (gpuInstanceClasses.isEmpty()) {
                throw new IllegalArgumentException(
                        "the GPU compute environment needs at least one instance class (for example g5)");
            }
        }

        public static Builder builder(IVpc vpc) {
            return new Builder(vpc);
        }

        public static final class Builder {
            private final IVpc vpc;
            private SubnetSelection subnets;
            private int maxCpuVcpus = DEFAULT_MAX_CPU_VCPUS;
            private int maxGpuVcpus = DEFAULT_MAX_GPU_VCPUS;
            private List<InstanceClass> gpuInstanceClasses = List.of(InstanceClass.G5, InstanceClass.G6);
            private boolean spot;

            private Builder(IVpc vpc) {
                this.vpc = vpc;
            }

            public Builder subnets(SubnetSelection v) {
                subnets = v;
                return this;
            }

            public Builder maxCpuVcpus(int v) {
                maxCpuVcpus = v;
                return this;
            }

            public Builder maxGpuVcpus(int v) {
                maxGpuVcpus = v;
                return this;
            }

            public Builder gpuInstanceClasses(List<InstanceClass> v) {
                gpuInstanceClasses = v;
                return this;
            }

            public Builder spot(boolean v) {
                spot = v;
                return this;
            }

            public Props build() {
                return new Props(vpc, subnets, maxCpuVcpus, maxGpuVcpus, gpuInstanceClasses, spot);
            }
        }
    }

    private final JobQueue cpuQueue;
    private final JobQueue gpuQueue;

    public ComputeQueues(Construct scope, String id, Props props) {
        super(scope, id);
        LaunchTemplate instances = instanceLaunchTemplate();
        ManagedEc2EcsComputeEnvironment cpu = ManagedEc2EcsComputeEnvironment.Builder.create(this, "Cpu")
                .vpc(props.vpc())
                .launchTemplate(instances)
                .vpcSubnets(props.subnets())
                // Batch picks from its current families (m6i, c6i, r6i, c7i) per region; the deprecated
                // useOptimalInstanceClasses meant the C4/M4/R4 generation
                .defaultInstanceClasses(List.of(DefaultInstanceClass.X86_64))
                .minvCpus(0)
                .maxvCpus(props.maxCpuVcpus())
                .spot(props.spot())
                .build();
        ManagedEc2EcsComputeEnvironment gpu = ManagedEc2EcsComputeEnvironment.Builder.create(this, "Gpu")
                .vpc(props.vpc())
                .launchTemplate(instances)
                .vpcSubnets(props.subnets())
                .instanceClasses(props.gpuInstanceClasses())
                .minvCpus(0)
                .maxvCpus(props.maxGpuVcpus())
                .spot(props.spot())
                .build();
        // AL2 (ECS_AL2_NVIDIA) is at its announced end of support; this CDK version has no constant for the AL2023
        // NVIDIA image type Batch accepts, so it is set on the resource
        CfnComputeEnvironment gpuResource =
                (CfnComputeEnvironment) gpu.getNode().getDefaultChild();
        gpuResource.addPropertyOverride(
                "ComputeResources.Ec2Configuration", List.of(Map.of("ImageType", GPU_IMAGE_TYPE)));
        // The construct adds Batch's CPU "optimal" classes to any list unless told not to with the deprecated
        // useOptimalInstanceClasses(false), so the GPU environment's instance types are set on the resource
        gpuResource.addPropertyOverride("ComputeResources.InstanceTypes", names(props.gpuInstanceClasses()));
        cpuQueue = queue("CpuQueue", cpu);
        gpuQueue = queue("GpuQueue", gpu);
        NagSuppressions.addResourceSuppressions(
                this,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM4")
                        .reason("Batch's instance role needs AmazonEC2ContainerServiceforEC2Role, the AWS-maintained "
                                + "policy for the ECS agent")
                        .build()),
                true);
    }

    /**
     * The instances' metadata service: IMDSv2 only (a token is needed, and IMDSv1's token-less requests are refused)
     * with a hop limit of 1, so that a token cannot reach a container behind a network bridge; and, since Batch's
     * ECS-EC2 jobs use host networking, {@link #BLOCK_METADATA_FOR_CONTAINERS} at boot. Batch requires the user data
     * of a launch template in MIME multi-part form and adds its own part.
     */
    private LaunchTemplate instanceLaunchTemplate() {
        UserData boot = UserData.forLinux();
        boot.addCommands(BLOCK_METADATA_FOR_CONTAINERS);
        MultipartUserData userData = new MultipartUserData();
        userData.addPart(MultipartBody.fromUserData(boot));
        return LaunchTemplate.Builder.create(this, "Instances")
                .httpEndpoint(true)
                .httpTokens(LaunchTemplateHttpTokens.REQUIRED)
                .httpPutResponseHopLimit(1)
                // one-minute instance metrics (Control Tower's CT.EC2.PR.10): a stuck or starved job host shows in
                // minutes, for cents per instance-day
                .detailedMonitoring(true)
                .userData(userData)
                .build();
    }

    /** Instance class names as Batch takes them ("g5"): the CDK's enum exposes its name only inside an instance type. */
    private static List<String> names(List<InstanceClass> classes) {
        return classes.stream()
                .map(c -> InstanceType.of(c, InstanceSize.XLARGE).toString())
                .map(type -> type.substring(0, type.indexOf('.')))
                .toList();
    }

    private JobQueue queue(String id, ManagedEc2EcsComputeEnvironment env) {
        return JobQueue.Builder.create(this, id)
                .computeEnvironments(List.of(OrderedComputeEnvironment.builder()
                        .computeEnvironment(env)
                        .order(1)
                        .build()))
                .build();
    }

    public IJobQueue cpuQueue() {
        return cpuQueue;
    }

    public IJobQueue gpuQueue() {
        return gpuQueue;
    }
}
