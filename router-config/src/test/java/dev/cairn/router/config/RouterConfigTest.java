package dev.cairn.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouterConfigTest {

    static final String CHURN = """
      {"models": {
         "churn": {
           "endpoint": "cairn-demo-churn",
           "variants": ["v1", "v2", "v3"],
           "default": "v1",
           "experiment": {"name": "churn-ab", "salt": "churn-ab-1", "coverage": 1.0,
                          "variants": [{"name": "v1", "weight": 0.5}, {"name": "v2", "weight": 0.5}],
                          "previous": {"name": "churn-ab", "salt": "churn-ab-1", "coverage": 1.0,
                                       "variants": [{"name": "v1", "weight": 0.6}, {"name": "v2", "weight": 0.4}]}},
           "shadow": {"variant": "v3", "share": 0.1}
         },
         "plain": {"endpoint": "cairn-plain", "variants": ["a"], "default": "a"}
      }}""";

    @Test
    void theContractsExampleParses() {
        RouterConfig c = RouterConfig.parse(CHURN);
        assertEquals(List.of("churn", "plain"), List.copyOf(c.models().keySet()));
        ModelConfig churn = c.models().get("churn");
        assertEquals("cairn-demo-churn", churn.endpoint());
        assertEquals(List.of("v1", "v2", "v3"), churn.variants());
        assertEquals("v1", churn.defaultVariant());
        assertEquals("churn-ab", churn.experiment().name());
        assertEquals(0.5, churn.experiment().variants().get(1).weight());
        assertEquals(0.4, churn.previous().variants().get(1).weight());
        assertEquals(new ShadowConfig("v3", 0.1), churn.shadow());
        ModelConfig plain = c.models().get("plain");
        assertNull(plain.experiment());
        assertNull(plain.shadow());
    }

    @Test
    void configVersionIsTheHashOfTheCanonicalJsonWithoutPrevious() {
        ExperimentConfig e = RouterConfig.parse(CHURN).models().get("churn").experiment();
        assertEquals(
                "{\"coverage\":1,\"name\":\"churn-ab\",\"salt\":\"churn-ab-1\",\"variants\":"
                        + "[{\"name\":\"v1\",\"weight\":0.5},{\"name\":\"v2\",\"weight\":0.5}]}",
                RouterConfig.canonicalJson(e));
        // sha256 of the canonical JSON above (sha256sum), first 16 hex digits
        assertEquals("66179ea3fbb5859b", RouterConfig.configVersion(e));
        assertTrue(RouterConfig.configVersion(e).matches("[0-9a-f]{16}"));
        assertNotEquals(RouterConfig.configVersion(e), RouterConfig.configVersion(e.withWeights(0.6, 0.4)));
        // field order and spacing of the input do not matter
        String reordered = CHURN.replace(
                "\"name\": \"churn-ab\", \"salt\": \"churn-ab-1\", \"coverage\": 1.0",
                "\"coverage\": 1, \"salt\": \"churn-ab-1\",   \"name\": \"churn-ab\"");
        assertNotEquals(CHURN, reordered);
        assertEquals(
                RouterConfig.configVersion(e),
                RouterConfig.configVersion(
                        RouterConfig.parse(reordered).models().get("churn").experiment()));
    }

    private static String problems(String json) {
        return assertThrows(IllegalArgumentException.class, () -> RouterConfig.parse(json))
                .getMessage();
    }

    private static void assertNames(String message, String... fragments) {
        for (String f : fragments) {
            assertTrue(message.contains(f), "expected '" + f + "' in: " + message);
        }
    }

    @Test
    void aShadowWithoutTimeoutGetsTheDefaultLimitAndOneWithATimeoutKeepsIt() {
        assertEquals(
                ShadowConfig.DEFAULT_TIMEOUT_MS,
                RouterConfig.parse(CHURN).models().get("churn").shadow().timeoutMs());
        assertEquals(
                new ShadowConfig("v3", 0.1, 250),
                RouterConfig.parse(CHURN.replace("\"share\": 0.1", "\"share\": 0.1, \"timeoutMs\": 250"))
                        .models()
                        .get("churn")
                        .shadow());
    }

    @Test
    void aShadowTimeoutOutsideApiGatewaysLimitOrNotWholeIsRefusedNamingItsPath() {
        assertNames(
                problems(CHURN.replace("\"share\": 0.1", "\"share\": 0.1, \"timeoutMs\": 30000")),
                "models.churn.shadow.timeoutMs must be a whole number of milliseconds between 1 and 29000",
                "was 30000");
        assertNames(
                problems(CHURN.replace("\"share\": 0.1", "\"share\": 0.1, \"timeoutMs\": 2.5")),
                "models.churn.shadow.timeoutMs must be a whole number",
                "was 2.5");
    }

    @Test
    void validationErrorsNameTheFieldPath() {
        assertNames(
                problems(CHURN.replace("\"share\": 0.1", "\"share\": 1.5")),
                "models.churn.shadow.share must be between 0 and 1, was 1.5");
        assertNames(
                problems(CHURN.replace("\"default\": \"v1\"", "\"default\": \"v9\"")),
                "models.churn.default 'v9' is not one of models.churn.variants [v1, v2, v3]");
        assertNames(
                problems(CHURN.replace("\"variant\": \"v3\"", "\"variant\": \"v4\"")),
                "models.churn.shadow.variant 'v4' is not one of models.churn.variants");
        assertNames(
                problems(CHURN.replace("{\"name\": \"v2\", \"weight\": 0.5}]", "{\"name\": \"v7\", \"weight\": 0.5}]")),
                "models.churn.experiment.variants[1].name 'v7' is not one of the model's variants");
        assertNames(
                problems(CHURN.replace(
                        "\"salt\": \"churn-ab-1\", \"coverage\": 1.0,\n", "\"salt\": \"\", \"coverage\": 2,\n")),
                "models.churn.experiment.salt must be a non-empty string",
                "models.churn.experiment.coverage must be between 0 and 1, was 2.0");
        assertNames(
                problems(CHURN.replace(
                        "\"weight\": 0.6}, {\"name\": \"v2\", \"weight\": 0.4}",
                        "\"weight\": 0.6}, {\"name\": \"v2\", \"weight\": \"0.4\"}")),
                "models.churn.experiment.previous.variants[1].weight must be a number, was \"0.4\"");
        assertNames(
                problems(CHURN.replace("\"shadow\"", "\"shadw\"")),
                "models.churn.shadw is not a known field (known: default, endpoint, experiment, shadow, variants)");
        assertNames(
                problems("{\"models\": {\"m\": {\"variants\": [], \"default\": \"a\"}}}"),
                "models.m.endpoint must be a non-empty string",
                "models.m.variants must be a non-empty array");
        assertNames(
                problems("{\"models\": {\"m/x\": {\"endpoint\": \"e\", \"variants\": [\"a\"], \"default\": \"a\"}}}"),
                "models.m/x: model name must be");
        assertNames(problems("{\"models\": {}}"), "models must name at least 1 model");
        assertNames(problems("{\"models\": [1]}"), "models must be a JSON object, was an array");
        assertNames(problems("{\"models\": "), "router config is not valid JSON");
        // every problem at once
        String all = problems(
                CHURN.replace("\"share\": 0.1", "\"share\": -1").replace("\"default\": \"a\"", "\"default\": 3"));
        assertNames(all, "models.churn.shadow.share", "models.plain.default must be a non-empty string, was 3");
    }
}
