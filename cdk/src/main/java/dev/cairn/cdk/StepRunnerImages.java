package dev.cairn.cdk;

import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.constructs.Construct;

/**
 * The step-runner images (CPU and GPU): built from {@code containers/step-runner} as image assets
 * (synth only stages the build context; {@code cdk deploy} builds and pushes), or taken from a
 * registry when image URIs are given.
 *
 * <pre>{@code
 * new StepRunnerImages(this, "Images", StepRunnerImages.Props.fromSource(Path.of(".")));
 * new StepRunnerImages(this, "Images", StepRunnerImages.Props.fromRegistry("123.dkr.ecr...:1", "123...:1-gpu"));
 * }</pre>
 */
public final class StepRunnerImages extends Construct {
    /** The build context is the repository root; only what the Dockerfiles copy is staged. */
    static final List<String> CONTEXT_EXCLUDES = List.of(
            "**",
            "!containers/step-runner/**",
            "!cli/target/lib/**",
            "!cli/target/image/**",
            "!testing/flows/target/cairn-test-flows-*.jar");

    /**
     * @param repositoryRoot the build context holding {@code containers/step-runner}; null with image URIs
     * @param cpuImageUri    default null: build from {@code repositoryRoot}
     * @param gpuImageUri    default {@code cpuImageUri} when that is set
     */
    public record Props(Path repositoryRoot, String cpuImageUri, String gpuImageUri) {
        public Props {
            if ((repositoryRoot == null) == (cpuImageUri == null)) {
                throw new IllegalArgumentException(
                        "give the step-runner images either as a repository root to build from or as image URIs");
            }
            if (gpuImageUri == null) {
                gpuImageUri = cpuImageUri;
            }
        }

        public static Props fromSource(Path repositoryRoot) {
            return new Props(repositoryRoot, null, null);
        }

        public static Props fromRegistry(String cpuImageUri, String gpuImageUri) {
            return new Props(null, cpuImageUri, gpuImageUri);
        }
    }

    private final ContainerImage cpu;
    private final ContainerImage gpu;

    public StepRunnerImages(Construct scope, String id, Props props) {
        super(scope, id);
        if (props.cpuImageUri() != null) {
            cpu = ContainerImage.fromRegistry(props.cpuImageUri());
            gpu = ContainerImage.fromRegistry(props.gpuImageUri());
            return;
        }
        cpu = ContainerImage.fromDockerImageAsset(
                asset("Cpu", props.repositoryRoot(), "containers/step-runner/Dockerfile"));
        gpu = ContainerImage.fromDockerImageAsset(
                asset("Gpu", props.repositoryRoot(), "containers/step-runner/Dockerfile.gpu"));
    }

    private DockerImageAsset asset(String id, Path root, String file) {
        return DockerImageAsset.Builder.create(this, id)
                .directory(root.toAbsolutePath().normalize().toString())
                .file(file)
                .exclude(CONTEXT_EXCLUDES)
                .build();
    }

    public ContainerImage cpu() {
        return cpu;
    }

    public ContainerImage gpu() {
        return gpu;
    }
}
