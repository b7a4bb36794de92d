package dev.cairn.oracle.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What CloudFormation does with a template's values at deploy time: every intrinsic function ({@code Ref},
 * {@code Fn::GetAtt}, {@code Fn::Join}, {@code Fn::Sub}, {@code Fn::Select}, {@code Fn::Split},
 * {@code Fn::ImportValue} across stacks) is evaluated, with the physical ids CloudFormation would give
 * (an ARN for what {@code Ref} returns as an ARN, a name for what it returns as a name). An intrinsic it
 * does not know fails loudly: a value it cannot resolve is a template it cannot check.
 */
public final class CfnResolver {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final String account;
    private final String region;
    private final Map<String, JsonNode> templates;
    private final Map<String, String> exports = new HashMap<>();

    /** @param templates stack name to template, every stack of the app (exports are looked up across them) */
    public CfnResolver(String account, String region, Map<String, JsonNode> templates) {
        this.account = account;
        this.region = region;
        this.templates = new LinkedHashMap<>(templates);
        templates.forEach((stack, template) -> template.path("Outputs")
                .properties()
                .forEach(output -> {
                    JsonNode name = output.getValue().path("Export").path("Name");
                    if (!name.isMissingNode()) {
                        exports.put(resolve(stack, name).asText(), stack + "\u0000" + output.getKey());
                    }
                }));
    }

    public String account() {
        return account;
    }

    public String region() {
        return region;
    }

    /** {@code value} with every intrinsic of stack {@code stack} evaluated. */
    public JsonNode resolve(String stack, JsonNode value) {
        if (value.isArray()) {
            ArrayNode out = F.arrayNode();
            value.forEach(v -> out.add(resolve(stack, v)));
            return out;
        }
        if (!value.isObject()) {
            return value;
        }
        if (value.size() == 1) {
            String fn = value.fieldNames().next();
            JsonNode arg = value.get(fn);
            switch (fn) {
                case "Ref" -> {
                    return F.textNode(ref(stack, arg.asText()));
                }
                case "Fn::GetAtt" -> {
                    String[] parts = arg.isArray()
                            ? new String[] {arg.get(0).asText(), arg.get(1).asText()}
                            : arg.asText().split("\\.", 2);
                    return F.textNode(getAtt(stack, parts[0], parts[1]));
                }
                case "Fn::Join" -> {
                    StringBuilder s = new StringBuilder();
                    String separator = arg.get(0).asText();
                    JsonNode parts = resolve(stack, arg.get(1));
                    for (int i = 0; i < parts.size(); i++) {
                        s.append(i == 0 ? "" : separator).append(parts.get(i).asText());
                    }
                    return F.textNode(s.toString());
                }
                case "Fn::Sub" -> {
                    return F.textNode(sub(stack, arg));
                }
                case "Fn::Select" -> {
                    return resolve(stack, arg.get(1))
                            .get(resolve(stack, arg.get(0)).asInt());
                }
                case "Fn::Split" -> {
                    ArrayNode out = F.arrayNode();
                    for (String part : resolve(stack, arg.get(1))
                            .asText()
                            .split(Pattern.quote(arg.get(0).asText()), -1)) {
                        out.add(part);
                    }
                    return out;
                }
                case "Fn::ImportValue" -> {
                    String name = resolve(stack, arg).asText();
                    String where = exports.get(name);
                    if (where == null) {
                        throw new IllegalStateException(
                                "stack " + stack + " imports " + name + ", which no stack exports");
                    }
                    String[] sw = where.split("\u0000");
                    return resolve(
                            sw[0],
                            templates.get(sw[0]).path("Outputs").path(sw[1]).path("Value"));
                }
                case "Fn::GetAZs" -> {
                    return F.arrayNode().add(region + "a").add(region + "b");
                }
                default -> {
                    if (fn.startsWith("Fn::")) {
                        throw new IllegalStateException(
                                "the oracle's CloudFormation does not evaluate " + fn + " (stack " + stack + ")");
                    }
                }
            }
        }
        ObjectNode out = F.objectNode();
        value.properties().forEach(e -> out.set(e.getKey(), resolve(stack, e.getValue())));
        return out;
    }

    private String sub(String stack, JsonNode arg) {
        String text = arg.isArray() ? arg.get(0).asText() : arg.asText();
        Map<String, String> vars = new HashMap<>();
        if (arg.isArray()) {
            arg.get(1)
                    .properties()
                    .forEach(e ->
                            vars.put(e.getKey(), resolve(stack, e.getValue()).asText()));
        }
        Matcher m = SUB.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = vars.containsKey(name)
                    ? vars.get(name)
                    : name.contains(".")
                            ? getAtt(stack, name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1))
                            : ref(stack, name);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString().replace("${!", "${");
    }

    /** What {@code Ref} returns: a pseudo parameter's value or the resource's physical id. */
    public String ref(String stack, String name) {
        switch (name) {
            case "AWS::AccountId" -> {
                return account;
            }
            case "AWS::Region" -> {
                return region;
            }
            case "AWS::Partition" -> {
                return "aws";
            }
            case "AWS::URLSuffix" -> {
                return "amazonaws.com";
            }
            case "AWS::StackName" -> {
                return stack;
            }
            default -> {
                // a resource
            }
        }
        JsonNode template = templates.get(stack);
        JsonNode parameter = template.path("Parameters").path(name);
        if (!parameter.isMissingNode()) {
            return parameter.path("Default").asText();
        }
        JsonNode resource = resource(stack, name);
        JsonNode p = resource.path("Properties");
        String arn = "arn:aws:%s:" + region + ":" + account + ":";
        return switch (resource.path("Type").asText()) {
            case "AWS::S3::Bucket" ->
                p.has("BucketName")
                        ? resolve(stack, p.get("BucketName")).asText()
                        : generatedName(stack, name, 63).toLowerCase(Locale.ROOT);
            case "AWS::IAM::Role" ->
                p.has("RoleName") ? resolve(stack, p.get("RoleName")).asText() : generatedName(stack, name, 64);
            case "AWS::Batch::JobDefinition" ->
                arn.formatted("batch") + "job-definition/" + named(stack, name, p, "JobDefinitionName") + ":1";
            case "AWS::Batch::JobQueue" ->
                arn.formatted("batch") + "job-queue/" + named(stack, name, p, "JobQueueName");
            case "AWS::Batch::ComputeEnvironment" ->
                arn.formatted("batch") + "compute-environment/" + named(stack, name, p, "ComputeEnvironmentName");
            case "AWS::StepFunctions::StateMachine" ->
                arn.formatted("states") + "stateMachine:" + named(stack, name, p, "StateMachineName");
            case "AWS::StepFunctions::StateMachineVersion" ->
                resolve(stack, p.get("StateMachineArn")).asText() + ":1";
            case "AWS::StepFunctions::StateMachineAlias" -> {
                String version = resolve(
                                stack, p.path("RoutingConfiguration").get(0).get("StateMachineVersionArn"))
                        .asText();
                yield version.substring(0, version.lastIndexOf(':')) + ":"
                        + p.get("Name").asText();
            }
            case "AWS::Logs::LogGroup" -> named(stack, name, p, "LogGroupName");
            // Ref of an endpoint is its ARN, whose name part SageMaker writes in lower case
            case "AWS::SageMaker::Endpoint" ->
                arn.formatted("sagemaker") + "endpoint/"
                        + named(stack, name, p, "EndpointName").toLowerCase(Locale.ROOT);
            case "AWS::KinesisFirehose::DeliveryStream" -> named(stack, name, p, "DeliveryStreamName");
            case "AWS::SecretsManager::Secret" ->
                arn.formatted("secretsmanager") + "secret:" + generatedName(stack, name, 40) + "-AbCdEf";
            case "AWS::KMS::Key" ->
                "1234abcd-12ab-34cd-56ef-" + String.format("%012x", Math.abs((long) (stack + name).hashCode()));
            default -> generatedName(stack, name, 128);
        };
    }

    /** What {@code Fn::GetAtt} returns for the attributes the oracle's services read. */
    public String getAtt(String stack, String logicalId, String attribute) {
        JsonNode resource = resource(stack, logicalId);
        String type = resource.path("Type").asText();
        String ref = ref(stack, logicalId);
        return switch (type + "." + attribute) {
            case "AWS::IAM::Role.Arn" -> "arn:aws:iam::" + account + ":role/" + ref;
            case "AWS::IAM::Role.RoleId" -> "AROA" + logicalId.toUpperCase(Locale.ROOT);
            case "AWS::S3::Bucket.Arn" -> "arn:aws:s3:::" + ref;
            case "AWS::S3::Bucket.DomainName", "AWS::S3::Bucket.RegionalDomainName" ->
                ref + ".s3." + region + ".amazonaws.com";
            case "AWS::KMS::Key.Arn" -> "arn:aws:kms:" + region + ":" + account + ":key/" + ref;
            case "AWS::Logs::LogGroup.Arn" -> "arn:aws:logs:" + region + ":" + account + ":log-group:" + ref + ":*";
            case "AWS::StepFunctions::StateMachine.Arn",
                    "AWS::Batch::JobQueue.JobQueueArn",
                    "AWS::Batch::ComputeEnvironment.ComputeEnvironmentArn",
                    "AWS::Batch::JobDefinition.JobDefinitionArn" -> ref;
            case "AWS::StepFunctions::StateMachine.Name" -> ref.substring(ref.lastIndexOf(':') + 1);
            case "AWS::KinesisFirehose::DeliveryStream.Arn" ->
                "arn:aws:firehose:" + region + ":" + account + ":deliverystream/" + ref;
            case "AWS::SageMaker::Endpoint.EndpointName" -> ref.substring(ref.lastIndexOf('/') + 1);
            case "AWS::StepFunctions::StateMachine.StateMachineRevisionId" -> "revision-1";
            default -> "oracle-" + logicalId + "-" + attribute;
        };
    }

    public JsonNode resource(String stack, String logicalId) {
        JsonNode template = templates.get(stack);
        if (template == null) {
            throw new IllegalArgumentException("no stack " + stack + "; stacks: " + templates.keySet());
        }
        JsonNode resource = template.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new IllegalStateException(
                    "stack " + stack + " refers to " + logicalId + ", which it does not define");
        }
        return resource;
    }

    private String named(String stack, String logicalId, JsonNode properties, String nameProperty) {
        return properties.has(nameProperty)
                ? resolve(stack, properties.get(nameProperty)).asText()
                : generatedName(stack, logicalId, 128);
    }

    /**
     * CloudFormation's generated physical name: stack name and logical id, cut to fit, and a suffix that is random
     * there and a hash of the two here, so that names cut alike stay apart as they do in AWS.
     */
    private static String generatedName(String stack, String logicalId, int max) {
        String suffix = "-"
                + HexFormat.of()
                        .formatHex(sha256(stack + "\u0000" + logicalId))
                        .substring(0, 12)
                        .toUpperCase(Locale.ROOT);
        String head = stack + "-" + logicalId;
        return (head.length() + suffix.length() > max ? head.substring(0, max - suffix.length()) : head) + suffix;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
