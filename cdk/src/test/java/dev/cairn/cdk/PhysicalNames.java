package dev.cairn.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The physical names an app's stacks give their resources: every top-level property named {@code *Name} that holds
 * a plain string, and each stack's name. Names set by CloudFormation (absent from the template) are unique anyway.
 */
final class PhysicalNames {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Properties named {@code *Name} that are not the resource's own account-wide name: names unique within a parent
     * resource only, and names of something else. They repeat across stacks by design.
     */
    private static final Set<String> NOT_ACCOUNT_WIDE = Set.of(
            "AWS::CloudWatch::Alarm MetricName", // the metric watched, not the alarm
            "AWS::StepFunctions::StateMachineAlias Name", // "live", per state machine
            "AWS::Lambda::Alias Name", // per function
            "AWS::IAM::Policy PolicyName", // an inline policy, per role
            "AWS::Logs::LogStream LogStreamName", // per log group
            "AWS::ApiGateway::Stage StageName", // per REST API
            "AWS::ApiGateway::Model Name", // per REST API
            "AWS::ApiGateway::RequestValidator Name", // per REST API
            "AWS::ApiGateway::RestApi Name", // a label: REST APIs are told apart by id
            "AWS::ApplicationAutoScaling::ScalingPolicy PolicyName"); // per scalable target

    private PhysicalNames() {}

    /** {@code "<type> <name>"} (or {@code "stack <name>"}) to the stacks and logical ids that use it. */
    static Map<String, List<String>> of(List<? extends Stack> stacks) {
        Map<String, List<String>> owners = new TreeMap<>();
        for (Stack stack : stacks) {
            owners.computeIfAbsent("stack " + stack.getStackName(), k -> new ArrayList<>())
                    .add(stack.getNode().getId());
            JsonNode template = JSON.valueToTree(Template.fromStack(stack).toJSON());
            template.get("Resources").properties().forEach(resource -> {
                String type = resource.getValue().get("Type").asText();
                JsonNode properties = resource.getValue().get("Properties");
                if (properties == null) {
                    return;
                }
                properties.properties().forEach(property -> {
                    String kind = type + " " + property.getKey();
                    if (property.getKey().endsWith("Name")
                            && property.getValue().isTextual()
                            && !NOT_ACCOUNT_WIDE.contains(kind)) {
                        owners.computeIfAbsent(type + " " + property.getValue().asText(), k -> new ArrayList<>())
                                .add(stack.getStackName() + "/" + resource.getKey());
                    }
                });
            });
        }
        return owners;
    }
}
