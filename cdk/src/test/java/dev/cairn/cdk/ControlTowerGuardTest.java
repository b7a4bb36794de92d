package dev.cairn.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS Control Tower's proactive controls (cfn-guard) on the apps {@link NagTest} checks with cdk-nag
 * ({@link CheckedApps}): every control fails only where {@link AcceptedGuardRules} says why, and every accepted
 * control still fails somewhere.
 */
class ControlTowerGuardTest {
    @TempDir
    static Path dir;

    static List<ControlTowerGuard.Finding> findings;

    @BeforeAll
    static void validate() throws Exception {
        Map<String, Path> templates = CheckedApps.get().templates();
        assertEquals(14, templates.size(), templates.keySet().toString());
        findings = ControlTowerGuard.validate(templates);
    }

    @Test
    void everyControlPassesOrIsAcceptedWithItsReason() {
        List<String> unaccepted = findings.stream()
                .filter(f -> AcceptedGuardRules.ALL.stream().noneMatch(a -> a.covers(f)))
                .map(ControlTowerGuard.Finding::toString)
                .sorted()
                .toList();
        assertEquals(List.of(), unaccepted, "fix these, or accept them with a reason in AcceptedGuardRules");
    }

    @Test
    void everyAcceptedControlStillFails() {
        List<String> stale = AcceptedGuardRules.ALL.stream()
                .filter(a -> findings.stream().noneMatch(a::covers))
                .map(a -> a.control() + " " + a.resources())
                .toList();
        assertEquals(List.of(), stale, "these no longer fail anywhere: remove them from AcceptedGuardRules");
    }

    /** The guard really runs: a template with an alarm that notifies nobody fails CT.CLOUDWATCH.PR.1 for it. */
    @Test
    void guardReportsAFailingControlWithItsResource() throws Exception {
        Path template = Files.writeString(dir.resolve("alarm.template.json"), """
                {"Resources": {"Quiet": {"Type": "AWS::CloudWatch::Alarm", "Properties": {
                  "ComparisonOperator": "GreaterThanThreshold", "EvaluationPeriods": 1, "MetricName": "Errors",
                  "Namespace": "AWS/Lambda", "Period": 300, "Statistic": "Sum", "Threshold": 1}}}}
                """);
        List<ControlTowerGuard.Finding> found = ControlTowerGuard.validate(Map.of("alarm", template));
        assertTrue(
                found.contains(new ControlTowerGuard.Finding(
                        "alarm", "CT.CLOUDWATCH.PR.1", "cloudwatch_alarm_action_check", "Quiet")),
                found.toString());
    }
}
