package dev.cairn.statemachines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AwsNameTest {
    /** Each service's rule for a name, as its API reference states it: an oracle written apart from the code. */
    private static final Map<AwsName, Pattern> SERVICE_RULES = Map.ofEntries(
            Map.entry(AwsName.STACK, Pattern.compile("[a-zA-Z][-a-zA-Z0-9]{0,127}")),
            // Step Functions allows more, but CloudWatch Logs records only these
            Map.entry(AwsName.STATE_MACHINE, Pattern.compile("[A-Za-z0-9_-]{1,80}")),
            Map.entry(AwsName.LOG_GROUP, Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}")),
            Map.entry(AwsName.ALARM, Pattern.compile("\\p{Print}{1,255}")),
            Map.entry(AwsName.EVENT_RULE, Pattern.compile("[.\\-_A-Za-z0-9]{1,64}")),
            Map.entry(AwsName.SCHEDULE, Pattern.compile("[0-9a-zA-Z\\-_.]{1,64}")),
            Map.entry(AwsName.JOB_DEFINITION, Pattern.compile("[A-Za-z0-9_-]{1,128}")),
            Map.entry(AwsName.JOB_QUEUE, Pattern.compile("[A-Za-z0-9_-]{1,128}")),
            Map.entry(AwsName.FUNCTION, Pattern.compile("[a-zA-Z0-9\\-_]{1,64}")),
            Map.entry(AwsName.DELIVERY_STREAM, Pattern.compile("[a-zA-Z0-9_.-]{1,64}")),
            Map.entry(AwsName.IAM_ROLE, Pattern.compile("[\\w+=,.@-]{1,64}")),
            Map.entry(AwsName.SAGEMAKER, Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")));

    private static final List<String> HOSTILE = List.of(
            "prod",
            "user.alice",
            "user-alice",
            "user_alice",
            "User.Alice",
            "b".repeat(200),
            "é😀 ~*",
            "x".repeat(199) + ".");

    @Test
    void everyServiceHasItsRuleChecked() {
        assertEquals(Set.of(AwsName.values()), SERVICE_RULES.keySet());
    }

    @Test
    void namesOfLettersAndDigitsAreKeptAsTheyAre() {
        assertEquals("Cairn-demo-CountryModels-prod", AwsName.STACK.of("Cairn", "demo", "CountryModels", "prod"));
        assertEquals(
                "cairn-demo-prod-CountryModels", AwsName.STATE_MACHINE.of("cairn", "demo", "prod", "CountryModels"));
        assertEquals(
                "/aws/vendedlogs/states/Cairn-demo-CountryModels-prod",
                AwsName.LOG_GROUP.of("/aws/vendedlogs/states/Cairn", "demo", "CountryModels", "prod"));
        assertEquals("cairn-demo-countrymodels", AwsName.SAGEMAKER.of("cairn", "demo", "countrymodels"));
    }

    @Test
    void dotDashAndUnderscoreGiveThreeNamesInEveryService() {
        for (AwsName service : AwsName.values()) {
            String head = head(service);
            Set<String> names = new HashSet<>();
            for (String branch : List.of("user.alice", "user-alice", "user_alice")) {
                String name = service.of(head, "demo", "CountryModels", branch);
                assertTrue(name.contains("user-alice--"), name);
                names.add(service == AwsName.IAM_ROLE || service == AwsName.SAGEMAKER ? name.toLowerCase() : name);
            }
            assertEquals(3, names.size(), service + ": " + names);
        }
    }

    @Test
    void namesOfTwoHundredCharactersStayWithinEachServicesRule() {
        for (AwsName service : AwsName.values()) {
            for (String project : HOSTILE) {
                for (String branch : HOSTILE) {
                    String name = service.of(head(service), project, "F", branch);
                    assertTrue(
                            SERVICE_RULES.get(service).matcher(name).matches(),
                            service + " refuses " + name + " (" + name.length() + " characters)");
                    assertTrue(name.length() <= service.maxLength(), name);
                }
            }
        }
    }

    @Test
    void namesThatDifferOnlyAfterTheCutDiffer() {
        String common = "p".repeat(150);
        for (AwsName service : AwsName.values()) {
            String a = service.of(head(service), common + "a", "F", "prod");
            String b = service.of(head(service), common + "b", "F", "prod");
            assertNotEquals(a, b, service.name());
            if (service.maxLength() < common.length()) { // cut: the same head, a different hash
                assertEquals(service.maxLength(), a.length());
                int cut = a.length() - AwsName.HASH_LENGTH;
                assertEquals(a.substring(0, cut), b.substring(0, cut));
            }
        }
    }

    @Test
    void aNameIsAlwaysCutToLeaveTheHash() {
        String name = AwsName.STATE_MACHINE.of("cairn", "p".repeat(200), "prod", "F");
        assertEquals(80, name.length());
        assertTrue(name.matches("cairn-p+--[0-9a-f]{8}"), name);
    }

    @Test
    void theSeparatorInsideANameCannotShiftTheJoin() {
        assertNotEquals(AwsName.STACK.of("Cairn", "a-b", "c", "prod"), AwsName.STACK.of("Cairn", "a", "b-c", "prod"));
        assertNotEquals(AwsName.STACK.of("Cairn", "a-b", "c", "prod"), AwsName.STACK.of("Cairn", "a", "b", "c-prod"));
    }

    @Test
    void aKeptNameNeverEqualsAMappedOne() {
        String mapped = AwsName.STACK.of("Cairn", "demo", "F", "user.alice");
        String hash = mapped.substring(mapped.length() - AwsName.HASH_LENGTH);
        for (String branch : List.of("user-alice--" + hash, "alice--" + hash, hash)) {
            assertNotEquals(mapped, AwsName.STACK.of("Cairn", "demo", "F", branch), branch);
            assertNotEquals(mapped, AwsName.STACK.of("Cairn", "demo", "F-user-alice", branch), branch);
        }
        assertTrue(!AwsName.STACK.of("Cairn", "demo", "F", "prod").contains("--"));
    }

    @Test
    void servicesThatIgnoreCaseGetLowerCaseNamesThatStillDiffer() {
        String upper = AwsName.SAGEMAKER.of("cairn", "demo", "Churn");
        String lower = AwsName.SAGEMAKER.of("cairn", "demo", "churn");
        assertEquals("cairn-demo-churn", lower);
        assertEquals(upper.toLowerCase(Locale.ROOT), upper);
        assertNotEquals(lower, upper);
        assertNotEquals(AwsName.IAM_ROLE.of("cairn", "Alice"), AwsName.IAM_ROLE.of("cairn", "alice"));
    }

    @Test
    void headsNameTheKindAndKindsDoNotMeet() {
        assertNotEquals(
                AwsName.STACK.of("CairnServing", "demo", "churn"),
                AwsName.STACK.of("Cairn", "demo", "serving", "churn"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> AwsName.STACK.of("Cairn-x", "demo"));
        assertTrue(e.getMessage().contains("head 'Cairn-x'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AwsName.SAGEMAKER.of("Cairn", "demo"));
        assertThrows(IllegalArgumentException.class, () -> AwsName.STACK.of("Cairn", "demo", "a/b"));
        assertThrows(IllegalArgumentException.class, () -> AwsName.STACK.of("Cairn", "demo", ""));
        assertThrows(IllegalArgumentException.class, () -> AwsName.STACK.of("Cairn"));
    }

    private static String head(AwsName service) {
        return switch (service) {
            case LOG_GROUP -> "/aws/vendedlogs/states/Cairn";
            case IAM_ROLE, SAGEMAKER -> "cairn";
            default -> "Cairn";
        };
    }
}
