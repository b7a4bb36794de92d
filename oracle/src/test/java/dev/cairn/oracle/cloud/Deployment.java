package dev.cairn.oracle.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A synthesized CDK app as CloudFormation would deploy it: the templates of its cloud assembly with every
 * value resolved ({@link CfnResolver}), its file assets (code packages) published to S3 the way
 * {@code cdk deploy} publishes them, and its image assets found by the URI the templates give them.
 */
public final class Deployment {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A resource of the deployed app: the stack it is in, its logical id and its template entry (unresolved). */
    public record Resource(String stack, String logicalId, JsonNode definition) {
        public String type() {
            return definition.path("Type").asText();
        }

        public JsonNode properties() {
            return definition.path("Properties");
        }
    }

    private final Path assembly;
    private final CfnResolver resolver;
    private final Map<String, JsonNode> templates = new LinkedHashMap<>();
    private final List<JsonNode> assetManifests = new ArrayList<>();

    private Deployment(Path assembly, String account, String region) throws IOException {
        this.assembly = assembly;
        JsonNode manifest = JSON.readTree(assembly.resolve("manifest.json").toFile());
        for (var artifact : manifest.path("artifacts").properties()) {
            JsonNode a = artifact.getValue();
            switch (a.path("type").asText()) {
                case "aws:cloudformation:stack" -> {
                    String stackName = a.path("properties").path("stackName").asText(artifact.getKey());
                    templates.put(
                            stackName,
                            JSON.readTree(assembly.resolve(a.path("properties")
                                            .path("templateFile")
                                            .asText())
                                    .toFile()));
                }
                case "cdk:asset-manifest" ->
                    assetManifests.add(JSON.readTree(
                            assembly.resolve(a.path("properties").path("file").asText())
                                    .toFile()));
                default -> {
                    // tree, nested assemblies: nothing to deploy
                }
            }
        }
        resolver = new CfnResolver(account, region, templates);
    }

    /** Synthesizes {@code app} (whose outdir is {@code assembly}) for {@code account} and {@code region}. */
    public static Deployment synth(App app, Path assembly, String account, String region) {
        List<CloudFormationStackArtifact> stacks = app.synth().getStacks();
        if (stacks.isEmpty()) {
            throw new IllegalStateException("the app has no stack");
        }
        try {
            return new Deployment(assembly, account, region);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CfnResolver resolver() {
        return resolver;
    }

    public Map<String, JsonNode> templates() {
        return templates;
    }

    /** Every resource of type {@code type}, in every stack. */
    public List<Resource> resources(String type) {
        return resources(r -> r.type().equals(type));
    }

    public List<Resource> resources(Predicate<Resource> filter) {
        List<Resource> out = new ArrayList<>();
        templates.forEach((stack, template) -> template.path("Resources")
                .properties()
                .forEach(e -> {
                    Resource r = new Resource(stack, e.getKey(), e.getValue());
                    if (filter.test(r)) {
                        out.add(r);
                    }
                }));
        return out;
    }

    /** The resource whose physical id ({@code Ref}) is {@code physicalId}, of type {@code type}. */
    public Optional<Resource> byPhysicalId(String type, String physicalId) {
        return resources(type).stream()
                .filter(r -> resolver.ref(r.stack(), r.logicalId()).equals(physicalId))
                .findFirst();
    }

    /** The resource whose {@code Fn::GetAtt ... Arn} is {@code arn}, of type {@code type}. */
    public Optional<Resource> byArn(String type, String arn) {
        return resources(type).stream()
                .filter(r -> resolver.getAtt(r.stack(), r.logicalId(), "Arn").equals(arn))
                .findFirst();
    }

    public JsonNode resolved(Resource r, JsonNode value) {
        return resolver.resolve(r.stack(), value);
    }

    /** What {@code cdk deploy} does with the file assets: each file, to its bucket and key (buckets made as needed). */
    public void publishFileAssets(S3Client s3) {
        for (JsonNode manifest : assetManifests) {
            for (var file : manifest.path("files").properties()) {
                Path source = assembly.resolve(
                        file.getValue().path("source").path("path").asText());
                if (!file.getValue()
                                .path("source")
                                .path("packaging")
                                .asText("file")
                                .equals("file")
                        || !Files.isRegularFile(source)) {
                    continue; // zipped directories (none that the oracle's services read)
                }
                for (JsonNode destination : file.getValue().path("destinations")) {
                    String bucket = placeholders(destination.path("bucketName").asText());
                    String key = placeholders(destination.path("objectKey").asText());
                    if (s3.listBuckets().buckets().stream()
                            .noneMatch(b -> b.name().equals(bucket))) {
                        s3.createBucket(b -> b.bucket(bucket));
                    }
                    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(source));
                }
            }
        }
    }

    /** The staged build context and Dockerfile of the image asset a template names by {@code imageUri}. */
    public DockerfileImage image(String imageUri) {
        for (JsonNode manifest : assetManifests) {
            for (var image : manifest.path("dockerImages").properties()) {
                for (JsonNode destination : image.getValue().path("destinations")) {
                    String uri = resolver.account() + ".dkr.ecr." + resolver.region() + ".amazonaws.com/"
                            + placeholders(destination.path("repositoryName").asText()) + ":"
                            + destination.path("imageTag").asText();
                    if (uri.equals(imageUri)) {
                        JsonNode source = image.getValue().path("source");
                        Path context = assembly.resolve(source.path("directory").asText());
                        return DockerfileImage.read(
                                context,
                                context.resolve(source.path("dockerFile").asText("Dockerfile")));
                    }
                }
            }
        }
        throw new IllegalStateException("no image asset of this app has the URI " + imageUri
                + ": the oracle runs only images the app builds (StepRunnerImages.Props.fromSource)");
    }

    private String placeholders(String text) {
        return text.replace("${AWS::AccountId}", resolver.account())
                .replace("${AWS::Region}", resolver.region())
                .replace("${AWS::Partition}", "aws");
    }
}
