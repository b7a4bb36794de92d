package dev.cairn.cdk;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Who hears about the platform's flows and deployments, and where their logs are kept: one SNS topic every alarm
 * notifies (optionally with an email subscription) and one KMS key for the topic and every log group of the
 * platform, its flows and its serving deployments.
 *
 * <pre>{@code
 * Monitoring monitoring = new Monitoring(this, "Monitoring", new Monitoring.Props("ops@example.com"));
 * monitoring.alertOn(alarm);
 * LogGroup.Builder.create(this, "Logs").encryptionKey(monitoring.logsKey()).build();
 * }</pre>
 */
public final class Monitoring extends Construct {
    /** What SNS accepts as an email endpoint, checked at synth so a typo fails there rather than never confirming. */
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** @param alarmEmail an address subscribed to the alarm topic (it must confirm the subscription); default none */
    public record Props(String alarmEmail) {
        public Props {
            if (alarmEmail != null && !EMAIL.matcher(alarmEmail).matches()) {
                throw new IllegalArgumentException(
                        "alarmEmail must be an email address (context -c alarmEmail=ops@example.com), got "
                                + alarmEmail);
            }
        }

        public static final Props NO_EMAIL = new Props(null);
    }

    private final Key key;
    private final Topic alarms;

    public Monitoring(Construct scope, String id, Props props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        key = Key.Builder.create(this, "Key")
                .enableKeyRotation(true)
                .description("Cairn monitoring: log groups of the platform, flows and serving, and the alarm topic")
                .removalPolicy(RemovalPolicy.RETAIN) // retained log groups stay encrypted with it
                .build();
        // CloudWatch Logs encrypts as its regional service principal, only for log groups of this account and region
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchLogsOfThisAccount")
                .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
                .actions(List.of(
                        "kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "ArnLike",
                        Map.of(
                                "kms:EncryptionContext:aws:logs:arn",
                                "arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount()
                                        + ":log-group:*")))
                .build());
        // alarms publish to the encrypted topic as CloudWatch, which needs the key for it (AWS-managed SNS keys refuse
        // it)
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsOfThisAccount")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
                .build());
        AwsServiceGrants.only(key);
        alarms = Topic.Builder.create(this, "Alarms")
                .displayName("Cairn alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        if (props.alarmEmail() != null) {
            alarms.addSubscription(new EmailSubscription(props.alarmEmail()));
        }
    }

    /** Makes {@code alarm} notify the alarm topic when it fires. */
    public void alertOn(Alarm alarm) {
        alarm.addAlarmAction(new SnsAction(alarms));
    }

    /** The key of every log group (its policy lets CloudWatch Logs of this account and region use it). */
    public IKey logsKey() {
        return key;
    }

    public ITopic alarmTopic() {
        return alarms;
    }
}
