package dev.cairn.cdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryAttributes;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * The model server image SageMaker runs (the bring-your-own-container contract): built from
 * {@code containers/serving} as an image asset ({@code cdk deploy} builds and pushes it), or an
 * existing ECR image. SageMaker pulls only from ECR, so a registry image must be an ECR URI.
 *
 * <pre>{@code
 * new ServingImage(this, "Image", ServingImage.Props.fromSource(Path.of(".")));
 * new ServingImage(this, "Image", ServingImage.Props.fromRegistry("123456789012.dkr.ecr.eu-west-1.amazonaws.com/cairn-serving:1"));
 * }</pre>
 */
public final class ServingImage extends Construct {
    /** The Dockerfile, relative to the repository root. */
    public static final String DOCKERFILE = "containers/serving/Dockerfile";
    /** The build context is the repository root; only what the Dockerfile copies is staged. */
    static final List<String> CONTEXT_EXCLUDES = List.of(
            "**",
            "!containers/serving/**",
            "!serving/target/lib/**",
            "!serving/target/classes/**",
            "!examples/target/*-code-package.jar");

    private static final Pattern ECR_URI = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?/([a-z0-9][a-z0-9._/-]*)(:[\\w.-]+|@sha256:[0-9a-f]{64})?");

    /**
     * @param repositoryRoot the build context holding {@value #DOCKERFILE}; null with an image URI
     * @param imageUri       an ECR image URI; default null: build from {@code repositoryRoot}
     */
    public record Props(Path repositoryRoot, String imageUri) {
        public Props {
            if ((repositoryRoot == null) == (imageUri == null)) {
                throw new IllegalArgumentException(
                        "give the serving image either as a repository root to build from or as an ECR image URI");
            }
            if (imageUri != null && !ECR_URI.matcher(imageUri).matches()) {
                throw new IllegalArgumentException(
                        "serving image " + imageUri + " is not an ECR image URI "
                                + "(<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag]): SageMaker pulls only from ECR");
            }
            if (repositoryRoot != null && !Files.isRegularFile(repositoryRoot.resolve(DOCKERFILE))) {
                throw new IllegalArgumentException("no " + DOCKERFILE + " under "
                        + repositoryRoot.toAbsolutePath().normalize()
                        + ": run the CDK app from the repository root, or pass an ECR image URI (-c servingImage=...)");
            }
        }

        public static Props fromSource(Path repositoryRoot) {
            return new Props(repositoryRoot, null);
        }

        public static Props fromRegistry(String imageUri) {
            return new Props(null, imageUri);
        }
    }

    private final String imageUri;
    private final IRepository repository;

    public ServingImage(Construct scope, String id, Props props) {
        super(scope, id);
        if (props.imageUri() != null) {
            Matcher m = ECR_URI.matcher(props.imageUri());
            if (!m.matches()) {
                throw new IllegalStateException("checked by Props");
            }
            String partition = m.group(3) == null ? "aws" : "aws-cn";
            repository = Repository.fromRepositoryAttributes(
                    this,
                    "Repository",
                    RepositoryAttributes.builder()
                            .repositoryName(m.group(4))
                            .repositoryArn("arn:" + partition + ":ecr:" + m.group(2) + ":" + m.group(1) + ":repository/"
                                    + m.group(4))
                            .build());
            imageUri = props.imageUri();
            return;
        }
        DockerImageAsset asset = DockerImageAsset.Builder.create(this, "Asset")
                .directory(props.repositoryRoot().toAbsolutePath().normalize().toString())
                .file(DOCKERFILE)
                .exclude(CONTEXT_EXCLUDES)
                .build();
        repository = asset.getRepository();
        imageUri = asset.getImageUri();
    }

    public String imageUri() {
        return imageUri;
    }

    /** Pull the image: ECR's authorization token and the layers of this repository only. */
    public void grantPull(IGrantable grantee) {
        repository.grantPull(grantee);
    }
}
