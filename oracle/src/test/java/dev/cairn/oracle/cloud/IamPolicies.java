package dev.cairn.oracle.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * IAM's evaluation of a role's identity policies for one request, as AWS evaluates the request a service
 * makes: an explicit Deny wins, else an Allow whose Action, Resource and every Condition match, else
 * denied. The role's policies are those of the deployed templates (inline policies and
 * {@code AWS::IAM::Policy} resources attached to it), resolved. A condition operator it does not know
 * fails the evaluation loudly rather than guessing.
 */
public final class IamPolicies {
    private final Deployment deployment;
    /** A role's resolved statements, by role ARN: every task of an execution asks again. */
    private final Map<String, List<JsonNode>> statementsByRole = new java.util.concurrent.ConcurrentHashMap<>();

    public IamPolicies(Deployment deployment) {
        this.deployment = deployment;
    }

    /** Separates the values of a multi-valued condition key (aws:TagKeys) in a request's context. */
    public static final String MULTI_VALUE_SEPARATOR = ",";

    /**
     * A request: {@code principal} (a role ARN) calls {@code action} on {@code resource} with these condition keys;
     * a multi-valued key's values are joined with {@link #MULTI_VALUE_SEPARATOR}.
     */
    public record Request(String roleArn, String action, String resource, Map<String, String> context) {}

    /** The decision and the statements it looked at, for messages. */
    public record Decision(boolean allowed, String explanation) {}

    public Decision evaluate(Request request) {
        List<JsonNode> statements = statementsByRole.computeIfAbsent(
                request.roleArn(),
                arn -> statements(deployment
                        .byArn("AWS::IAM::Role", arn)
                        .orElseThrow(() -> new IllegalStateException("no role of the deployment has the ARN " + arn))));
        boolean allowed = false;
        for (JsonNode s : statements) {
            if (!matches(s, request)) {
                continue;
            }
            if ("Deny".equals(s.path("Effect").asText())) {
                return new Decision(false, "explicitly denied by " + s);
            }
            allowed = true;
        }
        return new Decision(
                allowed,
                allowed
                        ? "allowed"
                        : "User: " + request.roleArn() + " is not authorized to perform: "
                                + request.action() + " on resource: " + request.resource()
                                + (request.context().isEmpty() ? "" : " with " + request.context())
                                + " because no identity-based policy allows the " + request.action()
                                + " action; the role's statements: " + statements);
    }

    private List<JsonNode> statements(Deployment.Resource role) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode policy : role.properties().path("Policies")) {
            deployment
                    .resolved(role, policy.path("PolicyDocument").path("Statement"))
                    .forEach(out::add);
        }
        for (Deployment.Resource policy : deployment.resources("AWS::IAM::Policy")) {
            if (!policy.stack().equals(role.stack())) {
                continue;
            }
            for (JsonNode attached : policy.properties().path("Roles")) {
                if (attached.path("Ref").asText().equals(role.logicalId())) {
                    deployment
                            .resolved(
                                    policy,
                                    policy.properties().path("PolicyDocument").path("Statement"))
                            .forEach(out::add);
                }
            }
        }
        return out;
    }

    private static boolean matches(JsonNode statement, Request request) {
        if (statement.has("NotAction") || statement.has("NotResource") || statement.has("Principal")) {
            throw new IllegalStateException(
                    "the oracle's IAM evaluates Action/Resource identity statements only: " + statement);
        }
        return anyMatch(statement.path("Action"), request.action(), true)
                && anyMatch(statement.path("Resource"), request.resource(), false)
                && conditionsHold(statement.path("Condition"), request.context());
    }

    private static boolean anyMatch(JsonNode patterns, String value, boolean ignoreCase) {
        for (JsonNode p : patterns.isArray() ? patterns : List.of(patterns)) {
            if (wildcard(p.asText(), ignoreCase).matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean conditionsHold(JsonNode condition, Map<String, String> context) {
        for (var operator : condition.properties()) {
            for (var key : operator.getValue().properties()) {
                String actual = context.entrySet().stream()
                        .filter(e -> e.getKey().equalsIgnoreCase(key.getKey()))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElse(null);
                if (actual == null) {
                    if (operator.getKey().endsWith("IfExists")) {
                        continue; // ...IfExists holds when the request has no such key
                    }
                    return false; // a key absent from the request never satisfies any other condition
                }
                if (operator.getKey().equals("ForAllValues:StringEquals")) {
                    // a multi-valued key (aws:TagKeys): every value of the request must be one of the expected
                    List<String> allowed = new ArrayList<>();
                    (key.getValue().isArray() ? key.getValue() : List.of(key.getValue()))
                            .forEach(e -> allowed.add(e.asText()));
                    if (!allowed.containsAll(List.of(actual.split(MULTI_VALUE_SEPARATOR)))) {
                        return false;
                    }
                    continue;
                }
                boolean any = false;
                for (JsonNode expected : key.getValue().isArray() ? key.getValue() : List.of(key.getValue())) {
                    any |= switch (operator.getKey()) {
                        // the request's value of a multivalued key (ForAnyValue) is a set of one here
                        case "StringEquals", "ArnEquals", "StringEqualsIfExists", "ForAnyValue:StringEquals" ->
                            actual.equals(expected.asText());
                        case "StringLike", "ArnLike" ->
                            wildcard(expected.asText(), false).matcher(actual).matches();
                        case "Bool" -> actual.equalsIgnoreCase(expected.asText());
                        default ->
                            throw new IllegalStateException("the oracle's IAM does not evaluate " + operator.getKey());
                    };
                }
                if (!any) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Pattern wildcard(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(
                    switch (c) {
                        case '*' -> ".*";
                        case '?' -> ".";
                        default -> Pattern.quote(String.valueOf(c));
                    });
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }
}
