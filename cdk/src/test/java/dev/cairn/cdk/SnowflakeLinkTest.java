package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.warehouse.SetupSql;
import dev.cairn.warehouse.SnowflakeSettings;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The Snowflake link in each phase of its setup (cdk/DEPLOY.md, "Snowflake link, in order"). */
class SnowflakeLinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "arn:aws:iam::999999999999:user/sf";
    private static final String EXTERNAL_ID = "ACME_SFCRole=1_x";
    private static final String ROLE_NAME = "cairn-snowflake-" + TestApps.REGION;

    private static Template platform(PlatformStack.Snowflake snowflake) {
        return Template.fromStack(new PlatformStack(
                TestApps.app(),
                "P",
                TestApps.platformProps().snowflake(snowflake).build()));
    }

    private static JsonNode integrationRole(Template t) {
        Map<String, Map<String, Object>> roles = t.findResources(
                "AWS::IAM::Role",
                Match.objectLike(Map.of("Properties", Match.objectLike(Map.of("RoleName", ROLE_NAME)))));
        assertEquals(1, roles.size(), "one role named " + ROLE_NAME);
        return JSON.valueToTree(roles.values().iterator().next());
    }

    @Test
    void theSecretIsCreatedAsJsonWithEveryFieldAJobReads() throws IOException {
        Template t = platform(PlatformStack.Snowflake.beforeIntegration());
        Map<String, Map<String, Object>> secrets = t.findResources("AWS::SecretsManager::Secret");
        assertEquals(1, secrets.size());
        JsonNode properties =
                JSON.valueToTree(secrets.values().iterator().next()).get("Properties");
        // not Secrets Manager's generated password: ECS would fail every job naming a JSON key of it
        assertNull(properties.get("GenerateSecretString"), properties.toString());
        JsonNode value = JSON.readTree(properties.get("SecretString").asText());
        Map<String, String> fields = new HashMap<>();
        value.properties().forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
        assertEquals(
                Map.of(
                        "account",
                        SnowflakeLink.PLACEHOLDER,
                        "user",
                        SnowflakeLink.PLACEHOLDER,
                        "privateKey",
                        SnowflakeLink.PLACEHOLDER),
                fields);
        assertEquals(
                SnowflakeLink.SECRET_FIELDS.values().stream().sorted().toList(),
                fields.keySet().stream().sorted().toList());
        // the step runner recognizes the placeholder and names the secret to fill
        assertEquals(SnowflakeSettings.PLACEHOLDER, SnowflakeLink.PLACEHOLDER);
    }

    @Test
    void beforeTheIntegrationExistsTheRoleTrustsOnlyThisAccountUnderItsFixedName() {
        Template t = platform(PlatformStack.Snowflake.beforeIntegration());
        JsonNode trust = integrationRole(t)
                .get("Properties")
                .get("AssumeRolePolicyDocument")
                .get("Statement");
        assertEquals(1, trust.size());
        String principal = trust.get(0).get("Principal").toString();
        assertTrue(principal.contains(":iam::" + TestApps.ACCOUNT + ":root"), principal);
        assertFalse(trust.toString().contains("999999999999"), trust.toString());
        // the ARN setup-sql prints and the integration names is the one the stack outputs, known before deploy
        assertEquals(
                "arn:aws:iam::" + TestApps.ACCOUNT + ":role/" + ROLE_NAME,
                SetupSql.integrationRoleArn(TestApps.ACCOUNT, TestApps.REGION));
        assertEquals(ROLE_NAME, SnowflakeLink.defaultRoleName(TestApps.REGION));
        t.hasOutput(
                "SnowflakeNextStep",
                Match.objectLike(Map.of("Value", Match.stringLikeRegexp(".*setup-sql.*snowflakeUserArn.*"))));
        t.hasOutput("SnowflakeIntegrationRoleArn", Match.anyValue());
    }

    @Test
    void withTheIntegrationsUserTheSameRoleTrustsOnlyThatUserWithTheExternalId() {
        Template t = platform(new PlatformStack.Snowflake(USER, EXTERNAL_ID));
        JsonNode trust = integrationRole(t)
                .get("Properties")
                .get("AssumeRolePolicyDocument")
                .get("Statement");
        assertEquals(
                JSON.valueToTree(List.of(Map.of(
                        "Action",
                        "sts:AssumeRole",
                        "Effect",
                        "Allow",
                        "Principal",
                        Map.of("AWS", USER),
                        "Condition",
                        Map.of("StringEquals", Map.of("sts:ExternalId", EXTERNAL_ID))))),
                trust);
        t.hasOutput(
                "SnowflakeNextStep",
                Match.objectLike(Map.of("Value", Match.stringLikeRegexp(".*snowflakeCredentials=configured.*"))));
        // configured: nothing left to do
        Template done = platform(new PlatformStack.Snowflake(
                USER, EXTERNAL_ID, SnowflakeLink.Connection.NONE, SnowflakeLink.Credentials.CONFIGURED));
        assertTrue(done.findOutputs("SnowflakeNextStep").isEmpty());
    }

    @Test
    void theRoleMayLocateTheBucketAsSnowflakeRequires() {
        Template t = platform(new PlatformStack.Snowflake(USER, EXTERNAL_ID));
        String role = t.findResources(
                        "AWS::IAM::Role",
                        Match.objectLike(Map.of("Properties", Match.objectLike(Map.of("RoleName", ROLE_NAME)))))
                .keySet()
                .iterator()
                .next();
        JsonNode template = JSON.valueToTree(t.toJSON());
        List<JsonNode> statements = FlowStackTest.statements(template, role);
        assertTrue(
                statements.stream().anyMatch(s -> s.get("Action").asText().equals("s3:GetBucketLocation")),
                statements.toString());
        assertTrue(
                statements.stream().anyMatch(s -> s.get("Resource").toString().contains("/snowflake/*")),
                statements.toString());
    }

    @Test
    void anExistingSecretIsUsedInsteadOfCreatingOne() {
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowflake/cairn-AbC123";
        Template t = platform(new PlatformStack.Snowflake(
                null, null, SnowflakeLink.Connection.NONE, SnowflakeLink.Credentials.existing(arn)));
        t.resourceCountIs("AWS::SecretsManager::Secret", 0);
        t.hasOutput("SnowflakeCredentialsSecretArn", Match.objectLike(Map.of("Value", arn)));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SnowflakeLink.Credentials.existing(
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowflake"));
        assertTrue(e.getMessage().contains("complete ARN"), e.getMessage());
    }

    @Test
    void halfOfDescIntegrationNamesWhatIsMissing() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> platform(new PlatformStack.Snowflake(USER, null)));
        assertTrue(e.getMessage().contains("missing snowflakeExternalId"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> platform(new PlatformStack.Snowflake(null, EXTERNAL_ID)));
        assertTrue(e.getMessage().contains("missing snowflakeUserArn"), e.getMessage());
    }

    @Test
    void isolatedSubnetsGetASecretsManagerEndpointWithPrivateDns() {
        Template t = Template.fromStack(new PlatformStack(
                TestApps.app(),
                "P",
                TestApps.platformProps()
                        .network(Network.Props.builder().natGateways(0).build())
                        .snowflake(new PlatformStack.Snowflake(USER, EXTERNAL_ID))
                        .build()));
        t.resourceCountIs("AWS::EC2::VPCEndpoint", 1 + Network.ISOLATED_ENDPOINTS.size() + 1);
        t.hasResourceProperties(
                "AWS::EC2::VPCEndpoint",
                Match.objectLike(Map.of(
                        "ServiceName",
                        "com.amazonaws." + TestApps.REGION + ".secretsmanager",
                        "VpcEndpointType",
                        "Interface",
                        "PrivateDnsEnabled",
                        true)));
        // with a NAT gateway the subnets reach Secrets Manager through it: no endpoint to pay for
        Template nat = platform(new PlatformStack.Snowflake(USER, EXTERNAL_ID));
        nat.resourceCountIs("AWS::EC2::VPCEndpoint", 1);
    }

    @Test
    void isolatedSubnetsWithConfiguredCredentialsWarnThatSnowflakeNeedsPrivateLink() {
        PlatformStack stack = new PlatformStack(
                TestApps.app(),
                "P",
                TestApps.platformProps()
                        .network(Network.Props.builder().natGateways(0).build())
                        .snowflake(new PlatformStack.Snowflake(
                                USER, EXTERNAL_ID, SnowflakeLink.Connection.NONE, SnowflakeLink.Credentials.CONFIGURED))
                        .build());
        assertFalse(Annotations.fromStack(stack)
                .findWarning("*", Match.stringLikeRegexp(".*PrivateLink.*"))
                .isEmpty());
    }

    @Test
    void contextEnablesTheLinkInPhases() {
        assertNull(CairnApp.snowflake(app(Map.of())));
        PlatformStack.Snowflake first = CairnApp.snowflake(app(Map.of("snowflake", "true")));
        assertEquals(PlatformStack.Snowflake.beforeIntegration(), first);
        PlatformStack.Snowflake second = CairnApp.snowflake(
                app(Map.of("snowflake", "true", "snowflakeUserArn", USER, "snowflakeExternalId", EXTERNAL_ID)));
        assertEquals(USER, second.userArn());
        assertEquals(SnowflakeLink.Credentials.PENDING, second.credentials());
        PlatformStack.Snowflake third = CairnApp.snowflake(app(Map.of(
                "snowflakeUserArn",
                USER,
                "snowflakeExternalId",
                EXTERNAL_ID,
                "snowflakeCredentials",
                "configured",
                "snowflakeRole",
                "ML")));
        assertEquals(SnowflakeLink.Credentials.CONFIGURED, third.credentials());
        assertEquals("ML", third.connection().role());
    }

    @Test
    void snowflakeContextWithoutTheLinkOrWithAnUnknownStateSaysWhatToFix() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CairnApp.snowflake(app(Map.of("snowflakeCredentials", "configured"))));
        assertTrue(e.getMessage().contains("-c snowflake=true"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> CairnApp.snowflake(app(Map.of("snowflake", "true", "snowflakeCredentials", "yes"))));
        assertTrue(e.getMessage().contains("`configured`"), e.getMessage());
    }

    private static App app(Map<String, String> context) {
        return new App(TestApps.props().context(context).build());
    }
}
